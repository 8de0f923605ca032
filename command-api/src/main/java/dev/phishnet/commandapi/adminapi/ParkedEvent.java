package dev.phishnet.commandapi.adminapi;

import java.time.Instant;
import java.util.Date;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.bson.Document;

/**
 * A record the projector could not apply (reason {@code FAILED}) or holds back behind one of its key
 * ({@code WAITING}), as {@code projector_dlq} keeps it.
 *
 * @param id {@code g<generation>-<projection>-<topic>-<partition>-<offset>}
 * @param key the record's key (the aggregate's: later records of that key wait behind a failed one)
 * @param tenantId the tenant of the event when it could be decoded, else null
 * @param status PARKED, RETRY_REQUESTED, SKIP_REQUESTED, APPLIED or SKIPPED
 * @param attempts how many times the projector tried to apply it
 * @param payload the record's value, base64; only in the answer about one entry
 */
record ParkedEvent(String id, int generation, String projection, String topic, int partition, long offset,
        String key, String tenantId, String status, String reason, String error, String errorClass, int attempts,
        Instant parkedAt, String requestedBy, Instant requestedAt, Instant resolvedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String payload) {

    static final String COLLECTION = "projector_dlq";
    static final String PARKED = "PARKED";
    static final String FAILED = "FAILED";

    static ParkedEvent from(Document entry, boolean withPayload) {
        return new ParkedEvent(entry.getString("_id"), entry.getInteger("generation", 1),
                entry.getString("projection"), entry.getString("topic"), entry.getInteger("partition", 0),
                number(entry, "offset"), entry.getString("key"), entry.getString("tenantId"),
                entry.getString("status"), entry.getString("reason"), entry.getString("error"),
                entry.getString("errorClass"), entry.getInteger("attempts", 0), instant(entry, "parkedAt"),
                entry.getString("requestedBy"), instant(entry, "requestedAt"), instant(entry, "resolvedAt"),
                withPayload ? entry.getString("payload") : null);
    }

    /** The head of its key's queue, waiting for an operator: the only entry a retry or a skip applies to. */
    boolean isParkedHead() {
        return PARKED.equals(status) && FAILED.equals(reason);
    }

    private static long number(Document entry, String field) {
        Object value = entry.get(field);
        return value instanceof Number number ? number.longValue() : 0L;
    }

    private static Instant instant(Document entry, String field) {
        Date date = entry.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
