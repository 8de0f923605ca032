package dev.phishnet.commandapi.messages;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.envelope.EventEnvelope;

/**
 * What the processor writes about a command besides its events: the envelope of each message it causes, its audit
 * event and its reply. Ids are derived from the command id, so that reprocessing a command yields the same ids.
 */
public final class Outcomes {

    /** The resource type of every user audit event. */
    public static final String USER_RESOURCE = "user";
    /** The actor of the commands the processor issues itself (compensations, forwarded failures). */
    public static final Actor PROCESSOR = new Actor("command-processor", ActorKind.SYSTEM, null, null);

    private Outcomes() {}

    /** Whether the command was issued by the processor itself: nobody awaits its reply. */
    public static boolean issuedByProcessor(CommandEnvelope command) {
        return PROCESSOR.equals(command.getActor());
    }

    /** A stable id for the {@code part}-th message caused by {@code command}. */
    public static String derivedId(CommandEnvelope command, String part) {
        return UUID.nameUUIDFromBytes((command.getCommandId() + ":" + part).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The envelope of a message caused by {@code command}: same tenant, correlation and actor; caused by it. */
    public static EventEnvelope envelope(CommandEnvelope command, String eventId, String aggregateId, long version,
            Instant occurredAt) {
        return new EventEnvelope(eventId, aggregateId, version, command.getTenantId(), occurredAt,
                command.getCorrelationId(), command.getCommandId(), command.getActor());
    }

    public static AuditEvent accepted(CommandEnvelope command, String action, String userId, long version,
            Instant at) {
        return audit(command, action, USER_RESOURCE, userId, version, null, Map.of(), at);
    }

    public static AuditEvent rejected(CommandEnvelope command, String action, String userId, long currentVersion,
            Rejection rejection, Instant at) {
        return audit(command, action, USER_RESOURCE, userId, currentVersion, rejection, Map.of(), at);
    }

    /**
     * The audit event of a decided command, keyed (and enveloped) by the resource it concerns.
     *
     * @param rejection null when accepted
     * @param details action-specific context; never secrets, never hashes of them
     */
    public static AuditEvent audit(CommandEnvelope command, String action, String resourceType, String resourceId,
            long version, Rejection rejection, Map<String, String> details, Instant at) {
        Map<String, String> all = new HashMap<>(details);
        String reason = null;
        if (rejection != null) {
            reason = rejection.code().name() + ": " + rejection.message();
            if (rejection.field() != null) {
                all.put("field", rejection.field());
            }
        }
        return new AuditEvent(envelope(command, derivedId(command, "audit"), resourceId, version, at), action,
                rejection == null ? AuditOutcome.ACCEPTED : AuditOutcome.REJECTED, reason, resourceType, resourceId,
                command.getCommandId(), all);
    }

    public static CommandOutcome acceptedReply(CommandEnvelope command, String aggregateId, long version, Instant at) {
        return acceptedReply(command, aggregateId, version, Map.of(), at);
    }

    /** @param details facts the caller needs back (a started session's tenant and roles); never secrets */
    public static CommandOutcome acceptedReply(CommandEnvelope command, String aggregateId, long version,
            Map<String, String> details, Instant at) {
        return new CommandOutcome(command.getCommandId(), command.getCorrelationId(), aggregateId, true, version, null,
                at, Map.copyOf(details));
    }

    public static CommandOutcome rejectedReply(CommandEnvelope command, String aggregateId, Rejection rejection,
            Instant at) {
        return new CommandOutcome(command.getCommandId(), command.getCorrelationId(), aggregateId, false, null,
                new dev.phishnet.schemas.command.Rejection(rejection.code().name(), rejection.message(),
                        rejection.field(), seconds(rejection.retryAfter())),
                at, Map.of());
    }

    // Whole seconds, rounded up: a Retry-After that ends early would only earn another refusal.
    private static Long seconds(Duration duration) {
        if (duration == null) {
            return null;
        }
        return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
    }
}
