package dev.phishnet.commandapi.messages;

import java.util.List;

import dev.phishnet.commandapi.analysis.AnalysisCommand;
import dev.phishnet.commandapi.analysis.AnalysisId;
import dev.phishnet.commandapi.analysis.IndicatorMatch;
import dev.phishnet.commandapi.analysis.MatchCandidate;
import dev.phishnet.commandapi.analysis.MatchedField;
import dev.phishnet.commandapi.analysis.ThreatLevel;
import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.threatintel.IndicatorType;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.schemas.analysis.CompleteAnalysis;
import dev.phishnet.schemas.analysis.FailAnalysis;
import dev.phishnet.schemas.analysis.PurgeAnalysis;
import dev.phishnet.schemas.analysis.RecordIndicatorLookup;
import dev.phishnet.schemas.analysis.RequestAnalysis;
import dev.phishnet.schemas.command.CommandEnvelope;

/**
 * Analysis commands of the {@code commands} topic (keyed {@code analysis:<id>}) as domain commands, their audit
 * actions, and the match vocabulary both ways. A malformed envelope fails with an {@link IllegalArgumentException} or
 * {@link NullPointerException}, which the processor answers as an invalid command.
 */
public final class AnalysisCommands {

    public static final String REQUEST = "analysis.request";
    public static final String COMPLETE = "analysis.complete";
    public static final String FAIL = "analysis.fail";
    public static final String RECORD_LOOKUP = "analysis.record-lookup";
    public static final String PURGE = "analysis.purge";
    public static final String IMPORT = "analysis.import";

    private AnalysisCommands() {}

    /** The audit action of an analysis command, or null for any other payload. */
    public static String action(CommandEnvelope command) {
        Object payload = command.getPayload();
        if (payload instanceof RequestAnalysis) {
            return REQUEST;
        }
        if (payload instanceof CompleteAnalysis) {
            return COMPLETE;
        }
        if (payload instanceof FailAnalysis) {
            return FAIL;
        }
        if (payload instanceof RecordIndicatorLookup) {
            return RECORD_LOOKUP;
        }
        if (payload instanceof PurgeAnalysis) {
            return PURGE;
        }
        if (payload instanceof dev.phishnet.schemas.analysis.ImportAnalysis) {
            return IMPORT;
        }
        return null;
    }

    public static AnalysisCommand toAnalysisCommand(CommandEnvelope command) {
        AnalysisId id = AnalysisId.of(command.getAggregateId());
        TenantId tenant = TenantId.of(command.getTenantId());
        Object payload = command.getPayload();
        if (payload instanceof RequestAnalysis request) {
            return new AnalysisCommand.RequestAnalysis(id, tenant, UserId.of(request.getUserId()),
                    request.getGmailMessageId(), request.getSubject(), request.getSender(), request.getRecipient(),
                    request.getReceivedAt(), request.getUrls());
        }
        if (payload instanceof CompleteAnalysis complete) {
            return new AnalysisCommand.CompleteAnalysis(id, tenant, level(complete.getThreatLevel()),
                    complete.getConfidenceScore(), complete.getDetectedThreats(), complete.getAnalyzerVersion());
        }
        if (payload instanceof FailAnalysis fail) {
            return new AnalysisCommand.FailAnalysis(id, tenant, fail.getReason(), fail.getAnalyzerVersion());
        }
        if (payload instanceof RecordIndicatorLookup answer) {
            return new AnalysisCommand.RecordIndicatorLookup(id, tenant, IndicatorId.of(answer.getIndicatorId()),
                    answer.getMatches().stream().map(AnalysisCommands::match).toList());
        }
        if (payload instanceof PurgeAnalysis purge) {
            return new AnalysisCommand.PurgeAnalysis(id, tenant, purge.getCutoff(), purge.getRunId());
        }
        if (payload instanceof dev.phishnet.schemas.analysis.ImportAnalysis legacy) {
            return new AnalysisCommand.ImportAnalysis(id, tenant, UserId.of(legacy.getUserId()),
                    legacy.getGmailMessageId(), legacy.getCreatedAt(),
                    dev.phishnet.commandapi.analysis.AnalysisStatus.valueOf(
                            legacy.getStatus().toUpperCase(java.util.Locale.ROOT)),
                    new dev.phishnet.commandapi.analysis.LegacyAnalysis(legacy.getLegacyId(), legacy.getSubject(),
                            legacy.getSender(), legacy.getRecipient(), legacy.getReceivedAt(),
                            legacy.getThreatLevel() == null ? null : level(legacy.getThreatLevel()),
                            legacy.getConfidenceScore(), legacy.getDetectedThreats(), legacy.getAnalyzerVersion(),
                            legacy.getAnalysisResults()));
        }
        throw new IllegalArgumentException("not an analysis command: " + CommandActions.of(command));
    }

    static ThreatLevel level(dev.phishnet.schemas.analysis.ThreatLevel level) {
        return ThreatLevel.valueOf(level.name());
    }

    static dev.phishnet.schemas.analysis.ThreatLevel level(ThreatLevel level) {
        return dev.phishnet.schemas.analysis.ThreatLevel.valueOf(level.name());
    }

    static IndicatorType type(dev.phishnet.schemas.threatintel.IndicatorType type) {
        return IndicatorType.valueOf(type.name());
    }

    static dev.phishnet.schemas.threatintel.IndicatorType type(IndicatorType type) {
        return dev.phishnet.schemas.threatintel.IndicatorType.valueOf(type.name());
    }

    static IndicatorMatch match(dev.phishnet.schemas.analysis.IndicatorMatch match) {
        return new IndicatorMatch(MatchedField.valueOf(match.getField().name()), match.getValue(),
                IndicatorId.of(match.getIndicatorId()), match.getIndicator(), type(match.getIndicatorType()),
                match.getThreatType(), level(match.getThreatLevel()), match.getConfidenceScore());
    }

    public static dev.phishnet.schemas.analysis.IndicatorMatch toMessage(IndicatorMatch match) {
        return new dev.phishnet.schemas.analysis.IndicatorMatch(
                dev.phishnet.schemas.analysis.MatchedField.valueOf(match.field().name()), match.value(),
                match.indicatorId().value(), match.indicator(), type(match.indicatorType()), match.threatType(),
                level(match.threatLevel()), match.confidenceScore());
    }

    static MatchCandidate candidate(dev.phishnet.schemas.analysis.MatchCandidate candidate) {
        return new MatchCandidate(MatchedField.valueOf(candidate.getField().name()), candidate.getValue());
    }

    static dev.phishnet.schemas.analysis.MatchCandidate toMessage(MatchCandidate candidate) {
        return new dev.phishnet.schemas.analysis.MatchCandidate(
                dev.phishnet.schemas.analysis.MatchedField.valueOf(candidate.field().name()), candidate.value());
    }

    /** The answer of one indicator to an analysis's lookup, as the indicator stage sends it. */
    public static RecordIndicatorLookup recordLookup(IndicatorId indicatorId, List<IndicatorMatch> matches) {
        return new RecordIndicatorLookup(indicatorId.value(),
                matches.stream().map(AnalysisCommands::toMessage).toList());
    }
}
