package dev.phishnet.commandapi.analysis;

import java.time.Instant;
import java.util.List;

import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;

/** What happened to an analysis. All but {@link LookupRecorded} are published on {@code analysis-events}. */
public sealed interface AnalysisEvent {

    /** Whether the event is a fact of the analysis's history (a version of it). */
    default boolean published() {
        return true;
    }

    /**
     * @param lookups what the email is to be looked up by; the processor sends each to its indicator
     * @param requestedAt the decision time
     */
    record AnalysisRequested(AnalysisId analysisId, TenantId tenantId, UserId userId, String gmailMessageId,
            String subject, String sender, String recipient, Instant receivedAt, List<String> urls,
            List<Lookup> lookups, Instant requestedAt) implements AnalysisEvent {

        public AnalysisRequested {
            urls = List.copyOf(urls);
            lookups = List.copyOf(lookups);
        }
    }

    /** One lookup answered; the analysis's own bookkeeping until the last one is. */
    record LookupRecorded(IndicatorId indicatorId, List<IndicatorMatch> matches) implements AnalysisEvent {

        public LookupRecorded {
            matches = List.copyOf(matches);
        }

        @Override
        public boolean published() {
            return false;
        }
    }

    /**
     * Every lookup answered: the matches in {@link IndicatorMatch#ORDER} and the verdict they give.
     *
     * @param lookups how many distinct values were looked up
     */
    record IndicatorsMatched(List<IndicatorMatch> matches, int lookups, Verdict verdict) implements AnalysisEvent {

        public IndicatorsMatched {
            matches = List.copyOf(matches);
        }
    }

    record AnalysisCompleted(ThreatLevel threatLevel, double confidenceScore, List<String> detectedThreats,
            String analyzerVersion) implements AnalysisEvent {

        public AnalysisCompleted {
            detectedThreats = List.copyOf(detectedThreats);
        }
    }

    record AnalysisFailed(String reason, String analyzerVersion) implements AnalysisEvent {}

    record AnalysisPurged(Instant requestedAt, Instant cutoff, String runId) implements AnalysisEvent {}

    /** An analysis of the legacy store, imported as it was; {@code createdAt} is its requestedAt for retention. */
    record AnalysisImported(AnalysisId analysisId, TenantId tenantId, UserId userId, String gmailMessageId,
            Instant createdAt, AnalysisStatus status, LegacyAnalysis legacy) implements AnalysisEvent {}
}
