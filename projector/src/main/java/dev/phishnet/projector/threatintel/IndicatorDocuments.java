package dev.phishnet.projector.threatintel;

import java.time.Instant;
import java.util.Date;

import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * How an {@link IndicatorView} is kept in the {@code threat_intelligence} collection, and the writes that move a
 * document forward or delete it.
 */
public final class IndicatorDocuments {

    public static final String COLLECTION = "threat_intelligence";

    private IndicatorDocuments() {
    }

    /**
     * Replaces the document only if it is older than the view, inserting it if absent. When the stored document is
     * as new or newer, the filter matches nothing and the upsert's insert fails on the duplicate {@code _id}: the
     * caller reads that duplicate-key error as "already applied".
     */
    public static WriteModel<Document> upsert(IndicatorView view) {
        return new ReplaceOneModel<>(
                Filters.and(Filters.eq("_id", view.id()), Filters.lt("version", view.version())),
                toDocument(view), new ReplaceOptions().upsert(true));
    }

    /**
     * Deletes the document whatever its version: a purge is the indicator's last event, and one reported again later
     * starts a new aggregate after it on the same partition.
     */
    public static WriteModel<Document> delete(String indicatorId) {
        return new DeleteOneModel<>(Filters.eq("_id", indicatorId));
    }

    public static Document toDocument(IndicatorView view) {
        return new Document("_id", view.id())
                .append("tenantId", view.tenantId())
                .append("indicator", view.indicator())
                .append("indicatorType", view.indicatorType())
                .append("threatType", view.threatType())
                .append("threatLevel", view.threatLevel())
                .append("confidenceScore", view.confidenceScore())
                .append("sources", view.sources())
                .append("tags", view.tags())
                .append("description", view.description())
                .append("firstSeenAt", Date.from(view.firstSeenAt()))
                .append("lastSeenAt", Date.from(view.lastSeenAt()))
                .append("reports", view.reports())
                .append("status", view.status())
                .append("retiredAt", view.retiredAt() != null ? Date.from(view.retiredAt()) : null)
                .append("version", view.version());
    }

    public static IndicatorView fromDocument(Document document) {
        return new IndicatorView(
                document.getString("_id"),
                document.getString("tenantId"),
                document.getString("indicator"),
                document.getString("indicatorType"),
                document.getString("threatType"),
                document.getString("threatLevel"),
                document.getDouble("confidenceScore"),
                document.getList("sources", String.class),
                document.getList("tags", String.class),
                document.getString("description"),
                document.getDate("firstSeenAt").toInstant(),
                document.getDate("lastSeenAt").toInstant(),
                document.getInteger("reports"),
                instant(document.getDate("retiredAt")),
                document.getLong("version"));
    }

    private static @Nullable Instant instant(@Nullable Date date) {
        return date != null ? date.toInstant() : null;
    }
}
