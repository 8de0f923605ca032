package dev.phishnet.cleanup.retention;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.phishnet.schemas.analysis.PurgeAnalysis;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordRetentionRun;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.session.PurgeEndedSessions;
import dev.phishnet.schemas.threatintel.PurgeIndicator;

/**
 * The commands of a retention run, each with the key of the {@code commands} partition that decides it. Every
 * command of one tenant's run shares the run id as its correlation id, so that its audit entries read as one run;
 * command ids derive from the run and the target, so that a run redone (the worker restarted before its commit) sends
 * recognisably the same commands.
 */
public final class RetentionCommands {

    /** Who issues retention commands, as audit events name it. */
    public static final String ACTOR_ID = "cleanup-worker";
    // As command-api's RoutingKeys spells them: the worker shares no code with it.
    private static final String ANALYSIS_PREFIX = "analysis:";
    private static final String INTEL_PREFIX = "intel:";
    private static final String USER_PREFIX = "user:";
    private static final String RETENTION_PREFIX = "retention:";

    private RetentionCommands() {
    }

    /** A command and the key it is sent with. */
    public record Routed(String key, CommandEnvelope command) {
    }

    /** The id of a tenant's run at {@code runAt}: the same run, redone, has the same id. */
    public static String runId(String tenantId, Instant runAt) {
        return uuid("retention-run|" + tenantId + "|" + runAt.toEpochMilli());
    }

    public static Routed purgeAnalysis(String analysisId, TrackedAge analysis, Instant cutoff, String runId,
            Instant issuedAt) {
        return new Routed(ANALYSIS_PREFIX + analysisId, envelope("purge-analysis|" + analysisId, runId,
                analysis.tenantId(), analysisId, issuedAt,
                PurgeAnalysis.newBuilder().setCutoff(cutoff).setRunId(runId).build()));
    }

    /** Carries the lastSeenAt the worker saw, so that a report the processor decided since keeps the indicator. */
    public static Routed purgeIndicator(String indicatorId, TrackedAge indicator, Instant cutoff, String runId,
            Instant issuedAt) {
        return new Routed(INTEL_PREFIX + indicatorId, envelope("purge-indicator|" + indicatorId, runId,
                indicator.tenantId(), indicatorId, issuedAt, PurgeIndicator.newBuilder()
                        .setLastSeenAt(indicator.at()).setCutoff(cutoff).setRunId(runId).build()));
    }

    public static Routed purgeEndedSessions(String tenantId, String userId, Instant endedBefore, String runId,
            Instant issuedAt) {
        return new Routed(USER_PREFIX + userId, envelope("purge-ended-sessions|" + userId, runId, tenantId, userId,
                issuedAt, PurgeEndedSessions.newBuilder().setEndedBefore(endedBefore).setRunId(runId).build()));
    }

    /** The run's record: every category's cutoff, and its count (zero when nothing of it was due). */
    public static Routed recordRetentionRun(String tenantId, String runId, RetentionPolicy.Cutoffs cutoffs,
            Map<RetentionCategory, Long> counts, Instant issuedAt) {
        Map<String, Long> cutoffMillis = new LinkedHashMap<>();
        Map<String, Long> countByKey = new LinkedHashMap<>();
        for (RetentionCategory category : RetentionCategory.values()) {
            cutoffMillis.put(category.key(), cutoffs.of(category).toEpochMilli());
            countByKey.put(category.key(), counts.getOrDefault(category, 0L));
        }
        return new Routed(RETENTION_PREFIX + tenantId, envelope("record-retention-run", runId, tenantId, tenantId,
                issuedAt, RecordRetentionRun.newBuilder().setRunId(runId).setCutoffs(cutoffMillis)
                        .setCounts(countByKey).build()));
    }

    private static CommandEnvelope envelope(String what, String runId, String tenantId, String aggregateId,
            Instant issuedAt, Object payload) {
        return CommandEnvelope.newBuilder()
                .setCommandId(uuid(what + "|" + runId))
                .setCorrelationId(runId)
                .setTenantId(tenantId)
                .setAggregateId(aggregateId)
                .setIssuedAt(issuedAt)
                .setActor(Actor.newBuilder().setId(ACTOR_ID).setKind(ActorKind.SYSTEM).build())
                .setPayload(payload)
                .build();
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
