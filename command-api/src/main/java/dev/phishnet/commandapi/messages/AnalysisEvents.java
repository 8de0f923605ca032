package dev.phishnet.commandapi.messages;

import dev.phishnet.commandapi.analysis.AnalysisEvent;
import dev.phishnet.commandapi.analysis.ThreatLevel;
import dev.phishnet.schemas.analysis.AnalysisCompleted;
import dev.phishnet.schemas.analysis.AnalysisFailed;
import dev.phishnet.schemas.analysis.AnalysisPurged;
import dev.phishnet.schemas.analysis.AnalysisRequested;
import dev.phishnet.schemas.analysis.IndicatorsMatched;
import dev.phishnet.schemas.envelope.EventEnvelope;

/** Published domain analysis events as values of the {@code analysis-events} topic. */
public final class AnalysisEvents {

    private AnalysisEvents() {}

    public static dev.phishnet.schemas.analysis.AnalysisEvent toMessage(AnalysisEvent event, EventEnvelope envelope) {
        return new dev.phishnet.schemas.analysis.AnalysisEvent(envelope, payload(event));
    }

    private static Object payload(AnalysisEvent event) {
        if (event instanceof AnalysisEvent.AnalysisRequested requested) {
            return new AnalysisRequested(requested.analysisId().value(), requested.userId().value(),
                    requested.gmailMessageId(), requested.subject(), requested.sender(), requested.recipient(),
                    requested.receivedAt(), requested.urls());
        }
        if (event instanceof AnalysisEvent.IndicatorsMatched matched) {
            ThreatLevel level = matched.verdict().level();
            return new IndicatorsMatched(matched.matches().stream().map(AnalysisCommands::toMessage).toList(),
                    matched.lookups(), level == null ? null : AnalysisCommands.level(level),
                    matched.verdict().confidence(), matched.verdict().rule());
        }
        if (event instanceof AnalysisEvent.AnalysisCompleted completed) {
            return new AnalysisCompleted(AnalysisCommands.level(completed.threatLevel()), completed.confidenceScore(),
                    completed.detectedThreats(), completed.analyzerVersion());
        }
        if (event instanceof AnalysisEvent.AnalysisFailed failed) {
            return new AnalysisFailed(failed.reason(), failed.analyzerVersion());
        }
        if (event instanceof AnalysisEvent.AnalysisPurged purged) {
            return new AnalysisPurged(purged.requestedAt(), purged.cutoff(), purged.runId());
        }
        if (event instanceof AnalysisEvent.AnalysisImported imported) {
            var legacy = imported.legacy();
            return new dev.phishnet.schemas.analysis.AnalysisImported(imported.analysisId().value(),
                    legacy.legacyId(), imported.userId().value(), imported.gmailMessageId(), legacy.subject(),
                    legacy.sender(), legacy.recipient(), legacy.receivedAt(), imported.createdAt(),
                    imported.status().name().toLowerCase(java.util.Locale.ROOT),
                    legacy.threatLevel() == null ? null : AnalysisCommands.level(legacy.threatLevel()),
                    legacy.confidenceScore(), legacy.detectedThreats(), legacy.analyzerVersion(),
                    legacy.analysisResults());
        }
        throw new IllegalArgumentException("no message for " + event.getClass().getName());
    }
}
