package dev.phishnet.projector.session;

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
 * How a {@link SessionView} is kept in the {@code sessions} collection (flat: the client's fields at the top level,
 * {@code status} and {@code endReason} as strings), and the write that moves a document forward.
 */
public final class SessionDocuments {

    public static final String COLLECTION = "sessions";

    private SessionDocuments() {
    }

    /**
     * Replaces the document only if it is older than the view, inserting it if absent. When the stored document is
     * as new or newer, the filter matches nothing and the upsert's insert fails on the duplicate {@code _id}: the
     * caller reads that duplicate-key error as "already applied".
     */
    public static WriteModel<Document> upsert(SessionView view) {
        return new ReplaceOneModel<>(
                Filters.and(Filters.eq("_id", view.id()), Filters.lt("version", view.version())),
                toDocument(view), new ReplaceOptions().upsert(true));
    }

    /**
     * Deletes the document of a purged session, unless it is newer than the purge (it cannot be: a session is purged
     * after it ended, and an ended session changes no more), so that the delete too only moves forward.
     */
    public static WriteModel<Document> delete(String sessionId, long purgeVersion) {
        return new DeleteOneModel<>(Filters.and(Filters.eq("_id", sessionId), Filters.lt("version", purgeVersion)));
    }

    public static Document toDocument(SessionView view) {
        SessionClient client = view.client();
        SessionEnd end = view.end();
        return new Document("_id", view.id())
                .append("userId", view.userId())
                .append("tenantId", view.tenantId())
                .append("status", view.status().name())
                .append("endReason", end != null ? end.reason().name() : null)
                .append("method", view.method())
                .append("ip", client.ip())
                .append("lastIp", view.lastIp())
                .append("userAgent", client.userAgent())
                .append("os", client.os())
                .append("browser", client.browser())
                .append("deviceType", client.deviceType())
                .append("device", view.device())
                .append("newDevice", view.newDevice())
                .append("riskScore", view.riskScore())
                .append("riskReasons", view.riskReasons())
                .append("createdAt", Date.from(view.createdAt()))
                .append("lastSeenAt", Date.from(view.lastSeenAt()))
                .append("refreshCount", view.refreshCount())
                .append("idleExpiresAt", Date.from(view.idleExpiresAt()))
                .append("absoluteExpiresAt", Date.from(view.absoluteExpiresAt()))
                .append("endedAt", end != null ? Date.from(end.at()) : null)
                .append("evictedBy", end != null ? end.evictedBy() : null)
                .append("reuseDetectedAt", date(view.reuseDetectedAt()))
                .append("alerted", view.alerted())
                .append("version", view.version());
    }

    public static SessionView fromDocument(Document document) {
        String endReason = document.getString("endReason");
        SessionEnd end = endReason == null ? null : new SessionEnd(EndReason.valueOf(endReason),
                document.getDate("endedAt").toInstant(), document.getString("evictedBy"));
        return new SessionView(
                document.getString("_id"),
                document.getString("userId"),
                document.getString("tenantId"),
                document.getString("method"),
                new SessionClient(document.getString("ip"), document.getString("userAgent"),
                        document.getString("os"), document.getString("browser"), document.getString("deviceType")),
                document.getString("lastIp"),
                document.getString("device"),
                document.getBoolean("newDevice"),
                document.getInteger("riskScore"),
                document.getList("riskReasons", String.class, List.of()),
                document.getDate("createdAt").toInstant(),
                document.getDate("lastSeenAt").toInstant(),
                document.getInteger("refreshCount"),
                document.getDate("idleExpiresAt").toInstant(),
                document.getDate("absoluteExpiresAt").toInstant(),
                end,
                instant(document.getDate("reuseDetectedAt")),
                document.getBoolean("alerted"),
                document.getLong("version"));
    }

    private static @Nullable Date date(@Nullable Instant instant) {
        return instant != null ? Date.from(instant) : null;
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date != null ? date.toInstant() : null;
    }
}
