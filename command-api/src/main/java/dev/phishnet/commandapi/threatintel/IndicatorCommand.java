package dev.phishnet.commandapi.threatintel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.phishnet.commandapi.analysis.MatchCandidate;
import dev.phishnet.commandapi.analysis.ThreatLevel;
import dev.phishnet.commandapi.user.TenantId;

/** What can be asked of an indicator; each names it and the tenant asking. */
public sealed interface IndicatorCommand {

    IndicatorId indicatorId();

    TenantId tenantId();

    /** Report it (again): {@code indicator} is already normalized, and {@code indicatorId} is its id. */
    record ReportIndicator(IndicatorId indicatorId, TenantId tenantId, String indicator, IndicatorType type,
            String threatType, ThreatLevel threatLevel, double confidenceScore, String source, List<String> tags,
            String description) implements IndicatorCommand {

        public ReportIndicator {
            Objects.requireNonNull(indicator, "indicator");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(threatType, "threatType");
            Objects.requireNonNull(threatLevel, "threatLevel");
            Objects.requireNonNull(source, "source");
            tags = List.copyOf(tags);
        }
    }

    /** It no longer matches. */
    record RetireIndicator(IndicatorId indicatorId, TenantId tenantId, String reason) implements IndicatorCommand {}

    /**
     * Issued by the processor for a new analysis: is the indicator there and active? The answer carries one match per
     * candidate, or none.
     */
    record LookUpIndicator(IndicatorId indicatorId, TenantId tenantId, String analysisId, String indicator,
            IndicatorType type, List<MatchCandidate> candidates) implements IndicatorCommand {

        public LookUpIndicator {
            Objects.requireNonNull(analysisId, "analysisId");
            candidates = List.copyOf(candidates);
        }
    }

    /** Issued by the cleanup worker: the indicator, last seen at {@code lastSeenAt}, was not seen since cutoff. */
    record PurgeIndicator(IndicatorId indicatorId, TenantId tenantId, Instant lastSeenAt, Instant cutoff,
            String runId) implements IndicatorCommand {}

    /**
     * Imports an indicator of the legacy store: the report it amounts to, first seen when the legacy store created it
     * and last seen when it last updated it.
     *
     * @param updatedAt nullable: then last seen at creation
     */
    record ImportIndicator(ReportIndicator report, java.time.Instant createdAt, java.time.Instant updatedAt)
            implements IndicatorCommand {

        public ImportIndicator {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(createdAt, "createdAt");
        }

        @Override
        public IndicatorId indicatorId() {
            return report.indicatorId();
        }

        @Override
        public TenantId tenantId() {
            return report.tenantId();
        }
    }
}
