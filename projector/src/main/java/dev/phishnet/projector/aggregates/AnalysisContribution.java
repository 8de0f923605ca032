package dev.phishnet.projector.aggregates;

import java.time.LocalDate;

import dev.phishnet.schemas.analysis.AnalysisCompleted;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisFailed;
import dev.phishnet.schemas.analysis.AnalysisImported;
import dev.phishnet.schemas.analysis.AnalysisRequested;
import dev.phishnet.schemas.analysis.ThreatLevel;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * What one analysis adds to the statistics of its user and tenant on the UTC day it was received: one analysis, in
 * its status, and once completed one of its final threat level.
 *
 * @param tenantId the analysis's tenant
 * @param userId the user whose email it is
 * @param day the UTC day of the email's {@code receivedAt}
 * @param status where the analysis is
 * @param threatLevel the final threat level; null unless completed
 * @param version the analysis version of the last event that moved this contribution
 */
public record AnalysisContribution(String tenantId, String userId, LocalDate day, Status status,
        @Nullable ThreatLevel threatLevel, long version) {

    /** The statuses counted, as {@code byStatus} names them. */
    public enum Status {
        PENDING, COMPLETED, FAILED
    }

    /**
     * The contribution after the event: the same instance when the event changes no count (an event not newer than
     * the last one applied, a match, a result for an analysis never seen requested), null while none is known.
     * A purge is not an event of this function: it forgets the contribution but leaves the counts as they are.
     */
    public static @Nullable AnalysisContribution evolve(@Nullable AnalysisContribution current, AnalysisEvent event) {
        long version = event.getEnvelope().getAggregateVersion();
        if (current != null && version <= current.version) {
            return current;
        }
        Object payload = event.getPayload();
        if (payload instanceof AnalysisRequested requested) {
            return current != null ? current : new AnalysisContribution(event.getEnvelope().getTenantId(),
                    requested.getUserId(), DayKey.utcDay(requested.getReceivedAt()), Status.PENDING, null, version);
        }
        if (payload instanceof AnalysisImported imported) {
            if (current != null) {
                return current;
            }
            Status status = Status.valueOf(imported.getStatus().toUpperCase(java.util.Locale.ROOT));
            return new AnalysisContribution(event.getEnvelope().getTenantId(), imported.getUserId(),
                    DayKey.utcDay(imported.getReceivedAt()), status,
                    status == Status.COMPLETED ? imported.getThreatLevel() : null, version);
        }
        if (current == null || current.status != Status.PENDING) {
            return current;
        }
        if (payload instanceof AnalysisCompleted completed) {
            return new AnalysisContribution(current.tenantId, current.userId, current.day, Status.COMPLETED,
                    completed.getThreatLevel(), version);
        }
        if (payload instanceof AnalysisFailed) {
            return new AnalysisContribution(current.tenantId, current.userId, current.day, Status.FAILED, null,
                    version);
        }
        return current;
    }

    /** The user's day this contribution is counted in; the tenant's day is {@link DayKey#wholeTenant()} of it. */
    public DayKey userDay() {
        return new DayKey(tenantId, userId, day);
    }

    Document toDocument() {
        return new Document("tenantId", tenantId)
                .append("userId", userId)
                .append("day", day.toString())
                .append("status", status.name())
                .append("threatLevel", threatLevel != null ? threatLevel.name() : null)
                .append("version", version);
    }

    static AnalysisContribution fromDocument(Document document) {
        String threatLevel = document.getString("threatLevel");
        return new AnalysisContribution(document.getString("tenantId"), document.getString("userId"),
                LocalDate.parse(document.getString("day")), Status.valueOf(document.getString("status")),
                threatLevel != null ? ThreatLevel.valueOf(threatLevel) : null, document.getLong("version"));
    }
}
