package dev.phishnet.commandapi.messages;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordProjectionAdminAction;
import dev.phishnet.schemas.command.RecordRetentionRun;

/** The audit action of any command, whichever aggregate it targets. */
public final class CommandActions {

    /** A retention run of the cleanup worker, audited once per tenant with its cutoffs and counts. */
    public static final String RETENTION_RUN = "retention.run";

    /** An operator started a blue/green rebuild of the read models. */
    public static final String PROJECTIONS_REBUILD = "projections.rebuild";
    /** An operator released a parked event to be applied again. */
    public static final String PROJECTIONS_DLQ_RETRY = "projections.dlq.retry";
    /** An operator dropped a parked event; the events of its aggregate behind it are applied. */
    public static final String PROJECTIONS_DLQ_SKIP = "projections.dlq.skip";

    private CommandActions() {}

    /**
     * {@code auth.*}, {@code session.*}, {@code analysis.*}, {@code threat-intel.*}, {@code retention.run}, {@code projections.*} or
     * {@code user.*}; {@code user.unknown} for a payload no aggregate knows.
     */
    public static String of(CommandEnvelope command) {
        if (command.getPayload() instanceof RecordRetentionRun) {
            return RETENTION_RUN;
        }
        if (command.getPayload() instanceof RecordProjectionAdminAction action) {
            return action.getAction();
        }
        if (command.getPayload() instanceof dev.phishnet.schemas.command.ImportAuditEntry) {
            return "audit.import";
        }
        String action = SessionCommands.action(command);
        if (action == null) {
            action = AnalysisCommands.action(command);
        }
        if (action == null) {
            action = IndicatorCommands.action(command);
        }
        return action != null ? action : UserCommands.action(command);
    }
}
