package dev.phishnet.commandapi.messages;

import dev.phishnet.commandapi.analysis.Lookup;
import dev.phishnet.commandapi.threatintel.IndicatorCommand;
import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.threatintel.LookUpIndicator;
import dev.phishnet.schemas.threatintel.PurgeIndicator;
import dev.phishnet.schemas.threatintel.ReportIndicator;
import dev.phishnet.schemas.threatintel.RetireIndicator;

/**
 * Indicator commands of the {@code commands} topic (keyed {@code intel:<id>}) as domain commands, and their audit
 * actions. A malformed envelope fails with an {@link IllegalArgumentException} or {@link NullPointerException}.
 */
public final class IndicatorCommands {

    public static final String REPORT = "threat-intel.report";
    public static final String RETIRE = "threat-intel.retire";
    public static final String LOOK_UP = "threat-intel.look-up";
    public static final String PURGE = "threat-intel.purge";
    public static final String IMPORT = "threat-intel.import";

    private IndicatorCommands() {}

    /** The audit action of an indicator command, or null for any other payload. */
    public static String action(CommandEnvelope command) {
        Object payload = command.getPayload();
        if (payload instanceof ReportIndicator) {
            return REPORT;
        }
        if (payload instanceof RetireIndicator) {
            return RETIRE;
        }
        if (payload instanceof LookUpIndicator) {
            return LOOK_UP;
        }
        if (payload instanceof PurgeIndicator) {
            return PURGE;
        }
        if (payload instanceof dev.phishnet.schemas.threatintel.ImportIndicator) {
            return IMPORT;
        }
        return null;
    }

    public static IndicatorCommand toIndicatorCommand(CommandEnvelope command) {
        IndicatorId id = IndicatorId.of(command.getAggregateId());
        TenantId tenant = TenantId.of(command.getTenantId());
        Object payload = command.getPayload();
        if (payload instanceof ReportIndicator report) {
            return new IndicatorCommand.ReportIndicator(id, tenant, report.getIndicator(),
                    AnalysisCommands.type(report.getIndicatorType()), report.getThreatType(),
                    AnalysisCommands.level(report.getThreatLevel()), report.getConfidenceScore(), report.getSource(),
                    report.getTags(), report.getDescription());
        }
        if (payload instanceof RetireIndicator retire) {
            return new IndicatorCommand.RetireIndicator(id, tenant, retire.getReason());
        }
        if (payload instanceof dev.phishnet.schemas.threatintel.ImportIndicator legacy) {
            return new IndicatorCommand.ImportIndicator(new IndicatorCommand.ReportIndicator(id, tenant,
                    legacy.getIndicator(), AnalysisCommands.type(legacy.getIndicatorType()), legacy.getThreatType(),
                    AnalysisCommands.level(legacy.getThreatLevel()), legacy.getConfidenceScore(), legacy.getSource(),
                    legacy.getTags(), legacy.getDescription()), legacy.getCreatedAt(), legacy.getUpdatedAt());
        }
        if (payload instanceof LookUpIndicator lookUp) {
            return new IndicatorCommand.LookUpIndicator(id, tenant, lookUp.getAnalysisId(), lookUp.getIndicator(),
                    AnalysisCommands.type(lookUp.getIndicatorType()),
                    lookUp.getCandidates().stream().map(AnalysisCommands::candidate).toList());
        }
        if (payload instanceof PurgeIndicator purge) {
            return new IndicatorCommand.PurgeIndicator(id, tenant, purge.getLastSeenAt(), purge.getCutoff(),
                    purge.getRunId());
        }
        throw new IllegalArgumentException("not an indicator command: " + CommandActions.of(command));
    }

    /** The lookup of one value of an analysis, as the analysis stage sends it to the indicator. */
    public static LookUpIndicator lookUp(String analysisId, Lookup lookup) {
        return new LookUpIndicator(analysisId, lookup.indicator(), AnalysisCommands.type(lookup.type()),
                lookup.candidates().stream().map(AnalysisCommands::toMessage).toList());
    }
}
