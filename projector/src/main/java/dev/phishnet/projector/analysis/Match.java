package dev.phishnet.projector.analysis;

import dev.phishnet.schemas.analysis.IndicatorMatch;

/**
 * One indicator that matched one field of the email, with the indicator's facts as they were when it matched. Enum
 * values are in the API's spelling (lower case).
 *
 * @param field which part of the email matched: {@code sender_address}, {@code sender_domain}, {@code url},
 *     {@code url_domain} or {@code url_host_ip}
 * @param value the normalized value of that field that was looked up
 */
public record Match(
        String field,
        String value,
        String indicatorId,
        String indicator,
        String indicatorType,
        String threatType,
        String threatLevel,
        double confidenceScore) {

    static Match of(IndicatorMatch match) {
        return new Match(Wire.of(match.getField()), match.getValue(), match.getIndicatorId(), match.getIndicator(),
                Wire.of(match.getIndicatorType()), match.getThreatType(), Wire.of(match.getThreatLevel()),
                match.getConfidenceScore());
    }
}
