package dev.phishnet.commandapi.processor;

import java.util.Map;
import java.util.Set;

import dev.phishnet.commandapi.messages.CommandActions;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordProjectionAdminAction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits an operator's action on the read models ({@code projections:<tenant>}): a rebuild requested, a parked event
 * retried or skipped. Nothing to decide here (the projector owns generations and parked events, and command-api checked
 * the request against them before sending it): the stage records who asked for what, answers the caller, and refuses
 * an action it does not know.
 */
final class ProjectionAdminStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    static final String RESOURCE = "projections";
    static final Set<String> ACTIONS = Set.of(CommandActions.PROJECTIONS_REBUILD, CommandActions.PROJECTIONS_DLQ_RETRY,
            CommandActions.PROJECTIONS_DLQ_SKIP);
    private static final Logger log = LoggerFactory.getLogger(ProjectionAdminStage.class);

    private final AuditAndReply auditAndReply;
    private ProcessorContext<String, SpecificRecord> context;

    ProjectionAdminStage(AuditAndReply auditAndReply) {
        this.auditAndReply = auditAndReply;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        if (!(command.getPayload() instanceof RecordProjectionAdminAction action) || command.getTenantId() == null
                || command.getTenantId().isBlank()
                || !record.key().equals(RoutingKeys.projections(TenantId.of(command.getTenantId())))) {
            log.warn("Dropped command {} keyed {}: not a projection admin action of the key's tenant",
                    command.getCommandId(), record.key());
            return;
        }
        Audited audited = new Audited(action.getAction(), RESOURCE, action.getResourceId(), 0, action.getDetails());
        if (!ACTIONS.contains(action.getAction())) {
            auditAndReply.rejected(context, record, command, audited,
                    new Rejection(Rejection.Code.INVALID, "unknown projection action", "action", null));
            return;
        }
        auditAndReply.accepted(context, record, command, audited, Map.of());
    }
}
