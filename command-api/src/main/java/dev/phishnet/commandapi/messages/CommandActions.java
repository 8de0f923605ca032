package dev.phishnet.commandapi.messages;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordRetentionRun;

/** The audit action of any command, whichever aggregate it targets. */
public final class CommandActions {

    /** A retention run of the cleanup worker, audited once per tenant with its cutoffs and counts. */
    public static final String RETENTION_RUN = "retention.run";

    private CommandActions() {}

    /**
     * {@code auth.*}, {@code session.*}, {@code analysis.*}, {@code threat-intel.*}, {@code retention.run} or
     * {@code user.*}; {@code user.unknown} for a payload no aggregate knows.
     */
    public static String of(CommandEnvelope command) {
        if (command.getPayload() instanceof RecordRetentionRun) {
            return RETENTION_RUN;
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
