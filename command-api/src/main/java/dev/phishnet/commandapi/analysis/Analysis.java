package dev.phishnet.commandapi.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;

/**
 * What the processor keeps of an analysis to decide on it: whose it is, where it stands, and its indicator lookups
 * until the last is answered. The email's content is on the topic and in the read model, not here.
 *
 * @param requestedAt when it was requested: its retention counts from then
 * @param pending the indicator ids whose lookups are not answered yet
 * @param lookups how many distinct values were looked up
 * @param matches the matches the answered lookups gave so far
 * @param matched whether {@code IndicatorsMatched} was recorded (every lookup answered)
 * @param version number of published events applied
 */
public record Analysis(AnalysisId id, TenantId tenantId, UserId userId, String gmailMessageId, Instant requestedAt,
        AnalysisStatus status, List<IndicatorId> pending, int lookups, List<IndicatorMatch> matches, boolean matched,
        long version) {

    public Analysis {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(status, "status");
        pending = List.copyOf(pending);
        matches = List.copyOf(matches);
    }

    public boolean belongsTo(TenantId tenant) {
        return tenantId.equals(tenant);
    }

    public boolean isFinal() {
        return status != AnalysisStatus.PENDING;
    }

    Analysis answered(IndicatorId indicatorId, List<IndicatorMatch> found) {
        List<IndicatorId> stillPending = new ArrayList<>(pending);
        stillPending.remove(indicatorId);
        List<IndicatorMatch> all = new ArrayList<>(matches);
        all.addAll(found);
        return new Analysis(id, tenantId, userId, gmailMessageId, requestedAt, status, stillPending, lookups, all,
                matched, version);
    }

    Analysis withMatchesRecorded() {
        return new Analysis(id, tenantId, userId, gmailMessageId, requestedAt, status, List.of(), lookups, matches,
                true, version + 1);
    }

    Analysis concluded(AnalysisStatus finalStatus) {
        return new Analysis(id, tenantId, userId, gmailMessageId, requestedAt, finalStatus, pending, lookups, matches,
                matched, version + 1);
    }
}
