package dev.phishnet.projector.retention;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Optional;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.phishnet.projector.audit.AuditLogEntry;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable order to delete a tenant's documents of one read model older than a cutoff, as the
 * {@code retention_jobs} collection holds it: one per tenant and collection, whose cutoff only moves forward. A
 * newer cutoff makes a finished job pending again.
 *
 * @param tenantId the tenant whose documents go
 * @param collection the read model they go from
 * @param cutoff documents older than this go
 * @param runId the retention run that asked for it
 * @param requestedAt when the run was recorded
 */
public record RetentionJob(String tenantId, String collection, Instant cutoff, String runId, Instant requestedAt) {

    public static final String COLLECTION = "retention_jobs";
    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";
    /** The audit action of a retention run, and the details it carries (as the processor records them). */
    static final String RETENTION_RUN = "retention.run";
    static final String AUDIT_LOGS_CUTOFF = "audit_logs.cutoff";
    static final String RUN_ID = "runId";

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    /** {@code <tenant>|<collection>}: the job's {@code _id}. */
    public String id() {
        return tenantId + "|" + collection;
    }

    /**
     * The audit-logs purge a recorded retention run asks for; empty for every other audit event. Its cutoff is never
     * later than the run itself: a worker whose clock runs ahead (skewed, or a drill with
     * {@code platform.retention.clock-offset}) deletes everything before its run, but never the run's own entry nor
     * anything audited after it.
     */
    public static Optional<RetentionJob> auditLogsPurgeOf(AuditEvent event) {
        String cutoff = event.getDetails().get(AUDIT_LOGS_CUTOFF);
        if (!RETENTION_RUN.equals(event.getAction()) || event.getOutcome() != AuditOutcome.ACCEPTED
                || cutoff == null) {
            return Optional.empty();
        }
        try {
            String runId = event.getDetails().getOrDefault(RUN_ID, event.getCommandId());
            Instant ranAt = event.getEnvelope().getOccurredAt();
            Instant asked = Instant.parse(cutoff);
            return Optional.of(new RetentionJob(event.getEnvelope().getTenantId(), AuditLogEntry.COLLECTION,
                    asked.isAfter(ranAt) ? ranAt : asked, runId, ranAt));
        } catch (DateTimeParseException e) {
            // Not worth stopping the audit trail for: the next run's cutoff covers these entries too.
            log.warn("Ignoring retention run {} of tenant {}: its audit_logs.cutoff is no ISO-8601 instant",
                    event.getEnvelope().getEventId(), event.getEnvelope().getTenantId());
            return Optional.empty();
        }
    }

    /**
     * Creates the job or moves its cutoff forward, making it pending. When the stored cutoff is as late or later, the
     * filter matches nothing and the upsert's insert fails on the duplicate {@code _id}: the caller reads that as
     * "already applied", and the job keeps its cutoff.
     */
    public WriteModel<Document> upsert() {
        return new UpdateOneModel<>(
                Filters.and(Filters.eq("_id", id()), Filters.lt("cutoff", Date.from(cutoff))),
                Updates.combine(
                        Updates.set("tenantId", tenantId),
                        Updates.set("collection", collection),
                        Updates.set("cutoff", Date.from(cutoff)),
                        Updates.set("runId", runId),
                        Updates.set("requestedAt", Date.from(requestedAt)),
                        Updates.set("status", PENDING),
                        Updates.set("doneAt", null)),
                new UpdateOptions().upsert(true));
    }
}
