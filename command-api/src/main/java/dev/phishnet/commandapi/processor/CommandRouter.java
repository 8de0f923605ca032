package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.messages.RoutingKeys.ADDRESS_PREFIX;
import static dev.phishnet.commandapi.messages.RoutingKeys.ANALYSIS_PREFIX;
import static dev.phishnet.commandapi.messages.RoutingKeys.EMAIL_PREFIX;
import static dev.phishnet.commandapi.messages.RoutingKeys.IDEMPOTENCY_PREFIX;
import static dev.phishnet.commandapi.messages.RoutingKeys.INDICATOR_PREFIX;
import static dev.phishnet.commandapi.messages.RoutingKeys.LEGACY_AUDIT_PREFIX;
import static dev.phishnet.commandapi.messages.RoutingKeys.PROJECTIONS_PREFIX;
import static dev.phishnet.commandapi.messages.RoutingKeys.RETENTION_PREFIX;
import static dev.phishnet.commandapi.messages.RoutingKeys.USER_PREFIX;

import dev.phishnet.commandapi.messages.SessionCommands;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordIdempotentOutcome;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each command to the stage of the aggregate its key names; a {@code user:<id>} key names two, the user and the
 * user's sessions, told apart by the command's type.
 */
final class CommandRouter implements Processor<String, CommandEnvelope, String, CommandEnvelope> {

    private static final Logger log = LoggerFactory.getLogger(CommandRouter.class);

    private ProcessorContext<String, CommandEnvelope> context;

    @Override
    public void init(ProcessorContext<String, CommandEnvelope> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        String key = record.key();
        if (key == null || record.value() == null) {
            log.warn("Dropped a command without key or value (offset {} of {})", offset(), topicPartition());
        } else if (key.startsWith(IDEMPOTENCY_PREFIX)) {
            context.forward(record, CommandProcessorTopology.IDEMPOTENCY_STAGE);
        } else if (record.value().getPayload() instanceof RecordIdempotentOutcome) {
            log.warn("Dropped the outcome record {} keyed for an aggregate: it belongs to the idempotency stage",
                    record.value().getCommandId());
        } else if (key.startsWith(EMAIL_PREFIX)) {
            context.forward(record, CommandProcessorTopology.EMAIL_CLAIMS_STAGE);
        } else if (key.startsWith(USER_PREFIX)) {
            context.forward(record, SessionCommands.isSessionCommand(record.value())
                    ? CommandProcessorTopology.SESSIONS_STAGE : CommandProcessorTopology.USERS_STAGE);
        } else if (key.startsWith(ADDRESS_PREFIX)) {
            context.forward(record, CommandProcessorTopology.ADDRESS_STAGE);
        } else if (key.startsWith(ANALYSIS_PREFIX)) {
            context.forward(record, CommandProcessorTopology.ANALYSES_STAGE);
        } else if (key.startsWith(INDICATOR_PREFIX)) {
            context.forward(record, CommandProcessorTopology.INDICATORS_STAGE);
        } else if (key.startsWith(RETENTION_PREFIX)) {
            context.forward(record, CommandProcessorTopology.RETENTION_STAGE);
        } else if (key.startsWith(PROJECTIONS_PREFIX)) {
            context.forward(record, CommandProcessorTopology.PROJECTION_ADMIN_STAGE);
        } else if (key.startsWith(LEGACY_AUDIT_PREFIX)) {
            context.forward(record, CommandProcessorTopology.LEGACY_AUDIT_STAGE);
        } else {
            // No stage owns the key: deciding it anyway would bypass the single writer of some aggregate.
            log.warn("Dropped command {} with a key naming no aggregate kind (offset {} of {})",
                    record.value().getCommandId(), offset(), topicPartition());
        }
    }

    private Object offset() {
        return context.recordMetadata().map(metadata -> metadata.offset()).orElse(-1L);
    }

    private Object topicPartition() {
        return context.recordMetadata().map(metadata -> metadata.topic() + "-" + metadata.partition()).orElse("?");
    }
}
