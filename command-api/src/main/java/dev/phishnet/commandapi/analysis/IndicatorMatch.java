package dev.phishnet.commandapi.analysis;

import java.util.Comparator;
import java.util.Objects;

import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.threatintel.IndicatorType;

/**
 * One indicator that matched one field of an analysed email, with the indicator's facts as they were when it matched.
 *
 * @param value the email's value in that field (see {@link MatchCandidate#value()})
 * @param indicator the matching indicator, normalized (the value looked up: a parent domain, say)
 * @param confidenceScore 0..1
 */
public record IndicatorMatch(MatchedField field, String value, IndicatorId indicatorId, String indicator,
        IndicatorType indicatorType, String threatType, ThreatLevel threatLevel, double confidenceScore) {

    /** One order for matches, whichever order the lookups were answered in: by field, value, then indicator. */
    public static final Comparator<IndicatorMatch> ORDER = Comparator.comparing(IndicatorMatch::field)
            .thenComparing(IndicatorMatch::value)
            .thenComparing(match -> match.indicatorId().value());

    public IndicatorMatch {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(indicatorId, "indicatorId");
        Objects.requireNonNull(indicator, "indicator");
        Objects.requireNonNull(indicatorType, "indicatorType");
        Objects.requireNonNull(threatType, "threatType");
        Objects.requireNonNull(threatLevel, "threatLevel");
    }
}
