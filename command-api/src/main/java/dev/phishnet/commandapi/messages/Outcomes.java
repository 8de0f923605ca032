package dev.phishnet.commandapi.messages;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.envelope.EventEnvelope;

/**
 * What the processor writes about a command besides its events: the envelope of each message it causes, its audit
 * event and its reply. Ids are derived from the command id, so that reprocessing a command yields the same ids.
 */
public final class Outcomes {

    /** The resource type of every user audit event. */
    public static final String USER_RESOURCE = "user";

    private Outcomes() {}

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
        return audit(command, action, userId, version, null, at);
    }

    public static AuditEvent rejected(CommandEnvelope command, String action, String userId, long currentVersion,
            Rejection rejection, Instant at) {
        return audit(command, action, userId, currentVersion, rejection, at);
    }

    public static CommandOutcome acceptedReply(CommandEnvelope command, String userId, long version, Instant at) {
        return new CommandOutcome(command.getCommandId(), command.getCorrelationId(), userId, true, version, null, at,
                Map.of());
    }

    public static CommandOutcome rejectedReply(CommandEnvelope command, String userId, Rejection rejection,
            Instant at) {
        return new CommandOutcome(command.getCommandId(), command.getCorrelationId(), userId, false, null,
                new dev.phishnet.schemas.command.Rejection(rejection.code().name(), rejection.message(),
                        rejection.field(), null),
                at, Map.of());
    }

    private static AuditEvent audit(CommandEnvelope command, String action, String userId, long version,
            Rejection rejection, Instant at) {
        Map<String, String> details = new HashMap<>();
        String reason = null;
        if (rejection != null) {
            reason = rejection.code().name() + ": " + rejection.message();
            if (rejection.field() != null) {
                details.put("field", rejection.field());
            }
        }
        return new AuditEvent(envelope(command, derivedId(command, "audit"), userId, version, at), action,
                rejection == null ? AuditOutcome.ACCEPTED : AuditOutcome.REJECTED, reason, USER_RESOURCE, userId,
                command.getCommandId(), details);
    }
}
