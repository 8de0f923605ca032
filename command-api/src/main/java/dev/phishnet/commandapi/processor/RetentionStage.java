package dev.phishnet.commandapi.processor;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.phishnet.commandapi.messages.CommandActions;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordRetentionRun;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits each retention run of the cleanup worker, once per tenant ({@code retention:<tenant>}): action
 * {@code retention.run}, resource {@code retention}/tenant, details {@code runId} and, per category,
 * {@code <category>.cutoff} (ISO-8601) and {@code <category>.count}. Nothing to decide and nobody to answer: the purges
 * themselves went to their aggregates; this is their record, and the projector reads the audit-log cutoff from it.
 */
final class RetentionStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    static final String RESOURCE = "retention";
    private static final Logger log = LoggerFactory.getLogger(RetentionStage.class);

    private final AuditAndReply auditAndReply;
    private ProcessorContext<String, SpecificRecord> context;

    RetentionStage(AuditAndReply auditAndReply) {
        this.auditAndReply = auditAndReply;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        if (!(command.getPayload() instanceof RecordRetentionRun run) || command.getTenantId() == null
                || command.getTenantId().isBlank()
                || !record.key().equals(RoutingKeys.retention(TenantId.of(command.getTenantId())))) {
            log.warn("Dropped command {} keyed {}: not a retention run of the key's tenant", command.getCommandId(),
                    record.key());
            return;
        }
        Map<String, String> details = new HashMap<>();
        details.put("runId", run.getRunId());
        run.getCutoffs().forEach((category, cutoff) ->
                details.put(category + ".cutoff", Instant.ofEpochMilli(cutoff).toString()));
        run.getCounts().forEach((category, count) -> details.put(category + ".count", Long.toString(count)));
        auditAndReply.auditOnly(context, record, command,
                new Audited(CommandActions.RETENTION_RUN, RESOURCE, command.getTenantId(), 0, details), null);
    }
}
