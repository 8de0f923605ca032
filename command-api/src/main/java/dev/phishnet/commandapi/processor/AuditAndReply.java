package dev.phishnet.commandapi.processor;

import java.time.Clock;
import java.time.Instant;

import dev.phishnet.commandapi.messages.Outcomes;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.RecordIdempotentOutcome;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What every decided HTTP command owes: exactly one audit event and exactly one reply, accepted or rejected; and, when
 * it came with an idempotency key, its outcome sent back to that key's partition (in the same transaction), so that
 * repeats of the key are answered with it.
 */
final class AuditAndReply {

    private final Clock clock;

    AuditAndReply(Clock clock) {
        this.clock = clock;
    }

    void accepted(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, CommandEnvelope command,
            String action, String userId, long version) {
        Instant now = clock.instant();
        CommandOutcome reply = Outcomes.acceptedReply(command, userId, version, now);
        send(context, cause, userId, Outcomes.accepted(command, action, userId, version, now), reply);
        recordAgainstKey(context, cause, command, reply);
    }

    /** @param currentVersion the version of the user as the caller may see it, 0 if none */
    void rejected(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, CommandEnvelope command,
            String action, String userId, long currentVersion, Rejection rejection) {
        CommandOutcome reply = rejectedWithoutRecording(context, cause, command, action, userId, currentVersion,
                rejection);
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
        send(context, cause, userId, Outcomes.rejected(command, action, userId, currentVersion, rejection, now),
                reply);
        return reply;
    }

    private static void send(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, String userId,
            SpecificRecord audit, CommandOutcome reply) {
        context.forward(new Record<>(userId, audit, cause.timestamp()), CommandProcessorTopology.AUDIT_EVENTS_SINK);
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
