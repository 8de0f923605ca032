package dev.phishnet.projector.audit;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;

import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.WriteModel;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.EventEnvelope;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * One line of the audit trail, as the {@code audit_logs} collection holds it. An entry never changes: its id is the
 * event's, so writing it a second time (a redelivery, a replay) is refused as a duplicate and changes nothing.
 *
 * @param eventId the audit event's id, the document's {@code _id}
 * @param tenantId the tenant the action concerns
 * @param actorId who acted; null for anonymous callers
 * @param actorKind USER, SERVICE, SYSTEM or ANONYMOUS
 * @param ip client IP address as the API saw it, if any
 * @param userAgent client User-Agent header, if any
 * @param action what was attempted, as {@code <resource>.<verb>}
 * @param outcome ACCEPTED or REJECTED
 * @param reason why it was rejected ({@code <code>: <message>}); null when accepted
 * @param resourceType kind of resource the action concerns
 * @param resourceId id of the resource the action concerns
 * @param commandId the command that was decided
 * @param correlationId shared by every message of one request
 * @param occurredAt when the command was decided
 * @param details action-specific context, never secrets
 */
public record AuditLogEntry(
        String eventId,
        String tenantId,
        @Nullable String actorId,
        String actorKind,
        @Nullable String ip,
        @Nullable String userAgent,
        String action,
        String outcome,
        @Nullable String reason,
        String resourceType,
        String resourceId,
        String commandId,
        String correlationId,
        Instant occurredAt,
        Map<String, String> details) {

    public static final String COLLECTION = "audit_logs";

    public AuditLogEntry {
        details = Map.copyOf(details);
    }

    public static AuditLogEntry of(AuditEvent event) {
        EventEnvelope envelope = event.getEnvelope();
        Actor actor = envelope.getActor();
        return new AuditLogEntry(envelope.getEventId(), envelope.getTenantId(), actor.getId(), actor.getKind().name(),
                actor.getIp(), actor.getUserAgent(), event.getAction(), event.getOutcome().name(), event.getReason(),
                event.getResourceType(), event.getResourceId(), event.getCommandId(), envelope.getCorrelationId(),
                envelope.getOccurredAt(), event.getDetails());
    }

    /** An insert: {@code _id} is the event id, so a second one fails as a duplicate, which means "already applied". */
    public WriteModel<Document> insert() {
        return new InsertOneModel<>(toDocument());
    }

    public Document toDocument() {
        return new Document("_id", eventId)
                .append("tenantId", tenantId)
                .append("actorId", actorId)
                .append("actorKind", actorKind)
                .append("ip", ip)
                .append("userAgent", userAgent)
                .append("action", action)
                .append("outcome", outcome)
                .append("reason", reason)
                .append("resourceType", resourceType)
                .append("resourceId", resourceId)
                .append("commandId", commandId)
                .append("correlationId", correlationId)
                .append("occurredAt", Date.from(occurredAt))
                .append("details", new Document(new TreeMap<>(details)));
    }
}
