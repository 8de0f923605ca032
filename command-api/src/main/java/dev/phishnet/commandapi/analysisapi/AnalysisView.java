package dev.phishnet.commandapi.analysisapi;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

/**
 * An email analysis as the API returns it, copied field by field from its {@code email_analyses} document. Enum values
 * are lower case; what is not known yet (the matches before the lookup, the result while pending) is absent.
 *
 * @param status {@code pending}, {@code completed} or {@code failed}
 * @param threatLevel the analyzer's result: {@code safe}, {@code low}, {@code medium}, {@code high} or
 *     {@code critical}
 * @param preliminaryThreatLevel what the matched indicators alone say; absent when nothing matched
 * @param verdictRule the version of the function that gave the preliminary verdict
 * @param version the analysis' aggregate version the document reflects
 */
public record AnalysisView(
        String id, String userId, String gmailMessageId, String subject, String sender, String recipient,
        Instant receivedAt, List<String> urls, String status,
        String threatLevel, Double confidenceScore, List<String> detectedThreats, String analyzerVersion,
        String failureReason,
        List<Match> matches, String preliminaryThreatLevel, Double preliminaryConfidence, String verdictRule,
        Instant requestedAt, Instant matchedAt, Instant completedAt, Instant failedAt, long version) {

    /**
     * One indicator that matched one field of the email.
     *
     * @param field {@code sender_address}, {@code sender_domain}, {@code url}, {@code url_domain} or
     *     {@code url_host_ip}
     * @param value the normalized value of that field that was looked up
     */
    public record Match(String field, String value, String indicatorId, String indicator, String indicatorType,
            String threatType, String threatLevel, Double confidenceScore) {

        static Match from(Document match) {
            return new Match(match.getString("field"), match.getString("value"), match.getString("indicatorId"),
                    match.getString("indicator"), match.getString("indicatorType"), match.getString("threatType"),
                    match.getString("threatLevel"), number(match, "confidenceScore"));
        }
    }

    static AnalysisView from(Document analysis) {
        Number version = analysis.get("version", Number.class);
        return new AnalysisView(
                analysis.getString("_id"),
                analysis.getString("userId"),
                analysis.getString("gmailMessageId"),
                analysis.getString("subject"),
                analysis.getString("sender"),
                analysis.getString("recipient"),
                instant(analysis.getDate("receivedAt")),
                analysis.getList("urls", String.class, List.of()),
                analysis.getString("status"),
                analysis.getString("threatLevel"),
                number(analysis, "confidenceScore"),
                analysis.getList("detectedThreats", String.class, List.of()),
                analysis.getString("analyzerVersion"),
                analysis.getString("failureReason"),
                analysis.getList("matches", Document.class, List.of()).stream().map(Match::from).toList(),
                analysis.getString("preliminaryThreatLevel"),
                number(analysis, "preliminaryConfidence"),
                analysis.getString("verdictRule"),
                instant(analysis.getDate("requestedAt")),
                instant(analysis.getDate("matchedAt")),
                instant(analysis.getDate("completedAt")),
                instant(analysis.getDate("failedAt")),
                version != null ? version.longValue() : 0L);
    }

    private static Double number(Document document, String field) {
        Number number = document.get(field, Number.class);
        return number != null ? number.doubleValue() : null;
    }

    private static Instant instant(Date date) {
        return date != null ? date.toInstant() : null;
    }
}
