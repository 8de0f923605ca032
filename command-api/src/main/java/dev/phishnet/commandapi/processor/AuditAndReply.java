package dev.phishnet.commandapi.processor;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import dev.phishnet.commandapi.messages.Outcomes;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.RecordIdempotentOutcome;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What every decided HTTP command owes: exactly one audit event and exactly one reply, accepted or rejected; and, when
 * it came with an idempotency key, its outcome sent back to that key's partition (in the same transaction), so that
 * repeats of the key are answered with it. A command the processor issued itself awaits no reply: it is audited only.
 */
final class AuditAndReply {

    private final Clock clock;

    AuditAndReply(Clock clock) {
        this.clock = clock;
    }

    void accepted(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, CommandEnvelope command,
            String action, String userId, long version) {
        accepted(context, cause, command, Audited.user(action, userId, version), Map.of());
    }

    /** @param replyDetails facts the caller needs back; never secrets */
    void accepted(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, CommandEnvelope command,
            Audited audited, Map<String, String> replyDetails) {
        Instant now = clock.instant();
        CommandOutcome reply = Outcomes.acceptedReply(command, audited.resourceId(), audited.version(), replyDetails,
                now);
        send(context, cause, audit(command, audited, null, now), reply);
        recordAgainstKey(context, cause, command, reply);
    }

    /** @param currentVersion the version of the user as the caller may see it, 0 if none */
    void rejected(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, CommandEnvelope command,
            String action, String userId, long currentVersion, Rejection rejection) {
        rejected(context, cause, command, Audited.user(action, userId, currentVersion), rejection);
    }

    void rejected(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, CommandEnvelope command,
            Audited audited, Rejection rejection) {
        Instant now = clock.instant();
        CommandOutcome reply = Outcomes.rejectedReply(command, audited.resourceId(), rejection, now);
        send(context, cause, audit(command, audited, rejection, now), reply);
        recordAgainstKey(context, cause, command, reply);
    }

    /**
     * Audits and answers a rejection that is not the outcome of the command's idempotency key: the idempotency stage
     * refusing a request itself (the key's outcome stays the first request's).
     */
    CommandOutcome rejectedWithoutRecording(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause,
            CommandEnvelope command, String action, String userId, long currentVersion, Rejection rejection) {
        Instant now = clock.instant();
        CommandOutcome reply = Outcomes.rejectedReply(command, userId, rejection, now);
        send(context, cause, Outcomes.rejected(command, action, userId, currentVersion, rejection, now), reply);
        return reply;
    }

    /**
     * Audits a command the processor issued itself: nobody awaits a reply to it.
     *
     * @param rejection null when accepted
     */
    void auditOnly(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, CommandEnvelope command,
            Audited audited, Rejection rejection) {
        AuditEvent audit = audit(command, audited, rejection, clock.instant());
        context.forward(new Record<>(audited.resourceId(), audit, cause.timestamp()),
                CommandProcessorTopology.AUDIT_EVENTS_SINK);
    }

    private static AuditEvent audit(CommandEnvelope command, Audited audited, Rejection rejection, Instant now) {
        return Outcomes.audit(command, audited.action(), audited.resourceType(), audited.resourceId(),
                audited.version(), rejection, audited.details(), now);
    }

    private static void send(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, AuditEvent audit,
            CommandOutcome reply) {
        context.forward(new Record<>(audit.getResourceId(), audit, cause.timestamp()),
                CommandProcessorTopology.AUDIT_EVENTS_SINK);
        context.forward(new Record<>(reply.getCorrelationId(), reply, cause.timestamp()),
                CommandProcessorTopology.REPLIES_SINK);
    }

    // Only commands that passed the idempotency stage carry both the key and the fingerprint.
    private void recordAgainstKey(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause,
            CommandEnvelope command, CommandOutcome reply) {
        if (command.getIdempotencyKey() == null || command.getRequestFingerprint() == null) {
            return;
        }
        CommandEnvelope record = CommandEnvelope.newBuilder(command)
                .setCommandId(Outcomes.derivedId(command, "idempotent-outcome"))
                .setIssuedAt(clock.instant())
                .setPayload(new RecordIdempotentOutcome(reply))
                .build();
        context.forward(new Record<>(RoutingKeys.idempotency(command), record, cause.timestamp()),
                CommandProcessorTopology.COMMANDS_SINK);
    }
}
