package dev.phishnet.projector.analysis;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link AnalysisView} is kept in the {@code email_analyses} collection (flat: the email, the matching, the
 * result and the failure at the top level, absent parts as nulls; enum values lower case), and the writes that move a
 * document forward or delete it.
 */
public final class AnalysisDocuments {

    public static final String COLLECTION = "email_analyses";

    private AnalysisDocuments() {
    }

    /**
     * Replaces the document only if it is older than the view, inserting it if absent. When the stored document is
     * as new or newer, the filter matches nothing and the upsert's insert fails on the duplicate {@code _id}: the
     * caller reads that duplicate-key error as "already applied".
     */
    public static WriteModel<Document> upsert(AnalysisView view) {
        return new ReplaceOneModel<>(
                Filters.and(Filters.eq("_id", view.id()), Filters.lt("version", view.version())),
                toDocument(view), new ReplaceOptions().upsert(true));
    }

    /**
     * Deletes the document whatever its version: a purge is the analysis' last event, and one that is requested again
     * later starts a new aggregate (from version 1) after it on the same partition.
     */
    public static WriteModel<Document> delete(String analysisId) {
        return new DeleteOneModel<>(Filters.eq("_id", analysisId));
    }

    public static Document toDocument(AnalysisView view) {
        AnalysedEmail email = view.email();
        Matching matching = view.matching();
        AnalysisResult result = view.result();
        AnalysisFailure failure = view.failure();
        return new Document("_id", view.id())
                .append("tenantId", view.tenantId())
                .append("userId", view.userId())
                .append("gmailMessageId", email.gmailMessageId())
                .append("subject", email.subject())
                .append("sender", email.sender())
                .append("recipient", email.recipient())
                .append("receivedAt", Date.from(email.receivedAt()))
                .append("urls", email.urls())
                .append("status", view.status().wire())
                .append("threatLevel", result != null ? result.threatLevel() : null)
                .append("confidenceScore", result != null ? result.confidenceScore() : null)
                .append("detectedThreats", result != null ? result.detectedThreats() : List.of())
                .append("analyzerVersion", result != null ? result.analyzerVersion()
                        : failure != null ? failure.analyzerVersion() : null)
                .append("failureReason", failure != null ? failure.reason() : null)
                .append("matches", matching != null ? matching.matches().stream().map(AnalysisDocuments::toDocument)
                        .toList() : List.of())
                .append("preliminaryThreatLevel", matching != null ? matching.preliminaryThreatLevel() : null)
                .append("preliminaryConfidence", matching != null ? matching.preliminaryConfidence() : null)
                .append("verdictRule", matching != null ? matching.verdictRule() : null)
                .append("requestedAt", Date.from(view.requestedAt()))
                .append("matchedAt", matching != null ? Date.from(matching.matchedAt()) : null)
                .append("completedAt", result != null ? Date.from(result.completedAt()) : null)
                .append("failedAt", failure != null ? Date.from(failure.failedAt()) : null)
                .append("version", view.version());
    }

    public static AnalysisView fromDocument(Document document) {
        return new AnalysisView(
                document.getString("_id"),
                document.getString("tenantId"),
                document.getString("userId"),
                new AnalysedEmail(document.getString("gmailMessageId"), document.getString("subject"),
                        document.getString("sender"), document.getString("recipient"),
                        document.getDate("receivedAt").toInstant(), document.getList("urls", String.class)),
                document.getDate("requestedAt").toInstant(),
                matching(document),
                result(document),
                failure(document),
                document.getLong("version"));
    }

    private static @Nullable Matching matching(Document document) {
        Instant matchedAt = instant(document.getDate("matchedAt"));
        if (matchedAt == null) {
            return null;
        }
        List<Match> matches = document.getList("matches", Document.class).stream()
                .map(AnalysisDocuments::match).toList();
        return new Matching(matches, document.getString("preliminaryThreatLevel"),
                document.getDouble("preliminaryConfidence"), document.getString("verdictRule"), matchedAt);
    }

    private static @Nullable AnalysisResult result(Document document) {
        Instant completedAt = instant(document.getDate("completedAt"));
        if (completedAt == null) {
            return null;
        }
        return new AnalysisResult(document.getString("threatLevel"), document.getDouble("confidenceScore"),
                document.getList("detectedThreats", String.class), document.getString("analyzerVersion"),
                completedAt);
    }

    private static @Nullable AnalysisFailure failure(Document document) {
        Instant failedAt = instant(document.getDate("failedAt"));
        if (failedAt == null) {
            return null;
        }
        return new AnalysisFailure(document.getString("failureReason"), document.getString("analyzerVersion"),
                failedAt);
    }

    private static Document toDocument(Match match) {
        return new Document("field", match.field())
                .append("value", match.value())
                .append("indicatorId", match.indicatorId())
                .append("indicator", match.indicator())
                .append("indicatorType", match.indicatorType())
                .append("threatType", match.threatType())
                .append("threatLevel", match.threatLevel())
                .append("confidenceScore", match.confidenceScore());
    }

    private static Match match(Document document) {
        return new Match(document.getString("field"), document.getString("value"),
                document.getString("indicatorId"), document.getString("indicator"),
                document.getString("indicatorType"), document.getString("threatType"),
                document.getString("threatLevel"), document.getDouble("confidenceScore"));
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date != null ? date.toInstant() : null;
    }
}
