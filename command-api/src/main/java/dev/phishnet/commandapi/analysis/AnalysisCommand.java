package dev.phishnet.commandapi.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;

/** What can be asked of an analysis; each names it and the tenant asking. */
public sealed interface AnalysisCommand {

    AnalysisId analysisId();

    TenantId tenantId();

    /** Submit a user's email; {@code analysisId} is the id of (tenant, user, message). */
    record RequestAnalysis(AnalysisId analysisId, TenantId tenantId, UserId userId, String gmailMessageId,
            String subject, String sender, String recipient, Instant receivedAt, List<String> urls)
            implements AnalysisCommand {

        public RequestAnalysis {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(gmailMessageId, "gmailMessageId");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(receivedAt, "receivedAt");
            urls = List.copyOf(urls);
        }
    }

    /** An analyzer's result. */
    record CompleteAnalysis(AnalysisId analysisId, TenantId tenantId, ThreatLevel threatLevel,
            double confidenceScore, List<String> detectedThreats, String analyzerVersion) implements AnalysisCommand {

        public CompleteAnalysis {
            Objects.requireNonNull(threatLevel, "threatLevel");
            Objects.requireNonNull(analyzerVersion, "analyzerVersion");
            detectedThreats = List.copyOf(detectedThreats);
        }
    }

    /** An analyzer could not analyse the email. */
    record FailAnalysis(AnalysisId analysisId, TenantId tenantId, String reason, String analyzerVersion)
            implements AnalysisCommand {

        public FailAnalysis {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Issued by the processor: one indicator's answer to the analysis's lookup of it. */
    record RecordIndicatorLookup(AnalysisId analysisId, TenantId tenantId, IndicatorId indicatorId,
            List<IndicatorMatch> matches) implements AnalysisCommand {

        public RecordIndicatorLookup {
            Objects.requireNonNull(indicatorId, "indicatorId");
            matches = List.copyOf(matches);
        }
    }

    /** Issued by the cleanup worker: analyses requested before {@code cutoff} are due. */
    record PurgeAnalysis(AnalysisId analysisId, TenantId tenantId, Instant cutoff, String runId)
            implements AnalysisCommand {}

    /**
     * Imports an analysis of the legacy store as it was (no indicator lookups); refused when it exists.
     *
     * @param createdAt when the legacy store created it: its retention counts from then
     */
    record ImportAnalysis(AnalysisId analysisId, TenantId tenantId, UserId userId, String gmailMessageId,
            Instant createdAt, AnalysisStatus status, LegacyAnalysis legacy) implements AnalysisCommand {

        public ImportAnalysis {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(gmailMessageId, "gmailMessageId");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(legacy, "legacy");
        }
    }
}
