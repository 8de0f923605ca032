package dev.phishnet.commandapi.processor;

import java.time.Clock;
import java.time.Instant;

import dev.phishnet.commandapi.messages.Outcomes;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.schemas.command.CommandEnvelope;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** What every decided HTTP command owes: exactly one audit event and exactly one reply, accepted or rejected. */
final class AuditAndReply {

    private final Clock clock;

    AuditAndReply(Clock clock) {
        this.clock = clock;
    }

    void accepted(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, CommandEnvelope command,
            String action, String userId, long version) {
        Instant now = clock.instant();
        send(context, cause, userId, Outcomes.accepted(command, action, userId, version, now),
                command.getCorrelationId(), Outcomes.acceptedReply(command, userId, version, now));
    }

    /** @param currentVersion the version of the user as the caller may see it, 0 if none */
    void rejected(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, CommandEnvelope command,
            String action, String userId, long currentVersion, Rejection rejection) {
        Instant now = clock.instant();
        send(context, cause, userId, Outcomes.rejected(command, action, userId, currentVersion, rejection, now),
                command.getCorrelationId(), Outcomes.rejectedReply(command, userId, rejection, now));
    }

    private static void send(ProcessorContext<String, SpecificRecord> context, Record<?, ?> cause, String userId,
            SpecificRecord audit, String correlationId, SpecificRecord reply) {
        context.forward(new Record<>(userId, audit, cause.timestamp()), CommandProcessorTopology.AUDIT_EVENTS_SINK);
        context.forward(new Record<>(correlationId, reply, cause.timestamp()), CommandProcessorTopology.REPLIES_SINK);
    }
}
