package dev.phishnet.commandapi.threatintelapi;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

/**
 * A threat-intelligence indicator as the API returns it, copied field by field from its {@code threat_intelligence}
 * document. Enum values are lower case.
 *
 * @param indicator the indicator, normalized
 * @param indicatorType {@code domain}, {@code url}, {@code ip}, {@code email} or {@code sha256}
 * @param threatLevel of the latest report: {@code safe}, {@code low}, {@code medium}, {@code high} or
 *     {@code critical}
 * @param sources every source that reported it, in first-report order
 * @param reports how many times it was reported while active
 * @param status {@code active} or {@code retired}
 * @param retiredAt when it was retired; absent while active
 * @param version the indicator's aggregate version the document reflects
 */
public record IndicatorView(
        String id, String indicator, String indicatorType, String threatType, String threatLevel,
        Double confidenceScore, List<String> sources, List<String> tags, String description,
        Instant firstSeenAt, Instant lastSeenAt, int reports, String status, Instant retiredAt, long version) {

    static IndicatorView from(Document indicator) {
        Number confidence = indicator.get("confidenceScore", Number.class);
        Number reports = indicator.get("reports", Number.class);
        Number version = indicator.get("version", Number.class);
        return new IndicatorView(
                indicator.getString("_id"),
                indicator.getString("indicator"),
                indicator.getString("indicatorType"),
                indicator.getString("threatType"),
                indicator.getString("threatLevel"),
                confidence != null ? confidence.doubleValue() : null,
                indicator.getList("sources", String.class, List.of()),
                indicator.getList("tags", String.class, List.of()),
                indicator.getString("description"),
                instant(indicator.getDate("firstSeenAt")),
                instant(indicator.getDate("lastSeenAt")),
                reports != null ? reports.intValue() : 0,
                indicator.getString("status"),
                instant(indicator.getDate("retiredAt")),
                version != null ? version.longValue() : 0L);
    }

    private static Instant instant(Date date) {
        return date != null ? date.toInstant() : null;
    }
}
