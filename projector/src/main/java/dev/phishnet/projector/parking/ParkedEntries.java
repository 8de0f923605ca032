package dev.phishnet.projector.parking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The {@value #COLLECTION} collection, where operators see parked records and ask for their retry or skip. One
 * collection for every generation; each entry names its own. The projector inserts entries when it parks and moves
 * them to {@code APPLIED}, {@code SKIPPED} or back to {@code PARKED} when it carries out a request.
 */
public final class ParkedEntries {

    public static final String COLLECTION = "projector_dlq";

    /** Where an entry stands. */
    public enum Status { PARKED, RETRY_REQUESTED, SKIP_REQUESTED, APPLIED, SKIPPED }

    /** Why a record was parked: it failed, or it waits behind one of its key that did. */
    public enum Reason { FAILED, WAITING }

    /** An operator's request the projector has not carried out yet. */
    record Request(String id, String projection, String key, Status status) {

        boolean retry() {
            return status == Status.RETRY_REQUESTED;
        }
    }

    /** What is known of a record when it is parked. */
    record Parked(ParkedRecord record, int generation, String projection, String key, @Nullable String tenantId,
            Reason reason, String error, String errorClass, Instant parkedAt) {
    }

    private static final int MAX_ERROR = 2000;

    private final MongoCollection<Document> entries;

    public ParkedEntries(MongoCollection<Document> entries) {
        this.entries = entries;
    }

    /** Inserted once: parking the same record again after a crash keeps the entry (and any request on it). */
    void park(Parked parked) {
        ParkedRecord record = parked.record();
        byte[] value = record.value();
        Document entry = new Document("generation", parked.generation())
                .append("projection", parked.projection())
                .append("topic", record.topic())
                .append("partition", record.partition())
                .append("offset", record.offset())
                .append("key", parked.key())
                .append("tenantId", parked.tenantId())
                .append("status", Status.PARKED.name())
                .append("reason", parked.reason().name())
                .append("error", truncated(parked.error()))
                .append("errorClass", parked.errorClass())
                .append("attempts", parked.reason() == Reason.FAILED ? 1 : 0)
                .append("payload", value == null ? null : Base64.getEncoder().encodeToString(value))
                .append("parkedAt", Date.from(parked.parkedAt()));
        List<org.bson.conversions.Bson> inserts = new ArrayList<>();
        entry.forEach((field, fieldValue) -> inserts.add(Updates.setOnInsert(field, fieldValue)));
        entries.updateOne(Filters.eq("_id", record.id()), Updates.combine(inserts), new UpdateOptions().upsert(true));
    }

    /** Takes a request on: false when another task or an earlier poll already did. */
    boolean claim(Request request) {
        return entries.updateOne(Filters.and(Filters.eq("_id", request.id()),
                        Filters.eq("status", request.status().name())),
                Updates.set("status", Status.PARKED.name())).getModifiedCount() == 1;
    }

    void applied(String id, Instant at) {
        resolve(id, Status.APPLIED, at);
    }

    void skipped(String id, Instant at) {
        resolve(id, Status.SKIPPED, at);
    }

    /** Another attempt failed (a retried head, or a waiting record that became the head): parked as failed. */
    void failed(String id, RuntimeException error, Instant at) {
        entries.updateOne(Filters.eq("_id", id), Updates.combine(
                Updates.set("status", Status.PARKED.name()),
                Updates.set("reason", Reason.FAILED.name()),
                Updates.set("error", truncated(messageOf(error))),
                Updates.set("errorClass", error.getClass().getName()),
                Updates.set("lastAttemptAt", Date.from(at)),
                Updates.inc("attempts", 1)));
    }

    /** The requests of one generation waiting to be carried out. */
    List<Request> requested(int generation) {
        List<Request> requests = new ArrayList<>();
        entries.find(Filters.and(Filters.eq("generation", generation), Filters.in("status",
                        Status.RETRY_REQUESTED.name(), Status.SKIP_REQUESTED.name())))
                .projection(new Document("projection", 1).append("key", 1).append("status", 1))
                .forEach(entry -> requests.add(new Request(entry.getString("_id"), entry.getString("projection"),
                        entry.getString("key"), Status.valueOf(entry.getString("status")))));
        return requests;
    }

    /** The statuses of the given entries that were applied or skipped. */
    Map<String, Status> resolvedAmong(Collection<String> ids) {
        Map<String, Status> resolved = new HashMap<>();
        if (ids.isEmpty()) {
            return resolved;
        }
        entries.find(Filters.and(Filters.in("_id", ids),
                        Filters.in("status", Status.APPLIED.name(), Status.SKIPPED.name())))
                .forEach(entry -> resolved.put(entry.getString("_id"), Status.valueOf(entry.getString("status"))));
        return resolved;
    }

    static String messageOf(Throwable error) {
        StringBuilder message = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (message.length() > 0) {
                message.append(" <- ");
            }
            message.append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                message.append(": ").append(cause.getMessage());
            }
        }
        return message.toString();
    }

    private void resolve(String id, Status status, Instant at) {
        entries.updateOne(Filters.eq("_id", id),
                Updates.combine(Updates.set("status", status.name()), Updates.set("resolvedAt", Date.from(at))));
    }

    private static String truncated(String error) {
        return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }
}
