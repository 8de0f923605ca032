package dev.phishnet.cleanup.streams;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.phishnet.cleanup.retention.RetentionCategory;
import dev.phishnet.cleanup.retention.RetentionCommands;
import dev.phishnet.cleanup.retention.RetentionFact;
import dev.phishnet.cleanup.retention.RetentionPolicy;
import dev.phishnet.cleanup.retention.TrackedAge;
import dev.phishnet.schemas.command.CommandEnvelope;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Follows the age of every analysis, indicator and ended session, and the audit entries of each day, all keyed by
 * tenant (the facts were repartitioned so that one task holds all of a tenant's); on wall-clock punctuation it runs
 * retention: per tenant, a purge command for each item past its cutoff and one {@code RecordRetentionRun} with the
 * cutoffs and counts, when anything was due. A run sends at most {@code maxCommandsPerRun} purges (analyses first,
 * then indicators, then sessions; an ended session counts one though a user's go in one command): a backlog, after an
 * outage or a longer period shortened, drains over the next runs instead of stalling the partition.
 */
final class RetentionRuns implements Processor<String, RetentionFact, String, CommandEnvelope> {

    private final CleanupTopology.Retention settings;
    private final Clock clock;
    private final RetentionListener listener;
    private ProcessorContext<String, CommandEnvelope> context;
    private final Map<RetentionCategory, AgeIndex> ages = new EnumMap<>(RetentionCategory.class);
    /** {@code <UTC day, yyyy-MM-dd>|<tenant id>} -> audit entries of the tenant that day not yet counted by a run. */
    private KeyValueStore<String, Long> auditDays;

    RetentionRuns(CleanupTopology.Retention settings, Clock clock, RetentionListener listener) {
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, CommandEnvelope> context) {
        this.context = context;
        ages.put(RetentionCategory.ANALYSES, new AgeIndex(context.getStateStore(CleanupTopology.ANALYSES_STORE),
                context.getStateStore(CleanupTopology.ANALYSIS_ORDER_STORE)));
        ages.put(RetentionCategory.THREAT_INTELLIGENCE, new AgeIndex(
                context.getStateStore(CleanupTopology.INDICATORS_STORE),
                context.getStateStore(CleanupTopology.INDICATOR_ORDER_STORE)));
        ages.put(RetentionCategory.SESSIONS, new AgeIndex(context.getStateStore(CleanupTopology.ENDED_SESSIONS_STORE),
                context.getStateStore(CleanupTopology.ENDED_SESSION_ORDER_STORE)));
        this.auditDays = context.getStateStore(CleanupTopology.AUDIT_DAYS_STORE);
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::run);
    }

    @Override
    public void process(Record<String, RetentionFact> record) {
        RetentionFact fact = record.value();
        if (fact instanceof RetentionFact.Aged aged) {
            ages.get(aged.category()).track(aged);
        } else if (fact instanceof RetentionFact.Forgotten forgotten) {
            AgeIndex index = ages.get(forgotten.category());
            if (index != null) {
                forgotten.ids().forEach(index::forget);
            }
        } else if (fact instanceof RetentionFact.AuditRecorded recorded) {
            String key = recorded.day() + "|" + recorded.tenantId();
            Long count = auditDays.get(key);
            auditDays.put(key, count == null ? 1 : count + 1);
        }
    }

    private void run(long timestamp) {
        Instant issuedAt = clock.instant();
        // The drill offset moves only retention's clock; the commands say when they were really issued.
        Instant now = issuedAt.plus(settings.clockOffset());
        RetentionPolicy.Cutoffs cutoffs = settings.policy().cutoffs(now);
        Map<String, Map<RetentionCategory, Long>> runs = new TreeMap<>();
        int budget = settings.maxCommandsPerRun();

        for (Map.Entry<String, TrackedAge> due : ages.get(RetentionCategory.ANALYSES)
                .takeDue(cutoffs.analyses(), budget)) {
            TrackedAge analysis = due.getValue();
            send(RetentionCommands.purgeAnalysis(due.getKey(), analysis, cutoffs.analyses(),
                    RetentionCommands.runId(analysis.tenantId(), now), issuedAt), timestamp);
            count(runs, analysis.tenantId(), RetentionCategory.ANALYSES, 1);
            budget--;
        }
        for (Map.Entry<String, TrackedAge> due : ages.get(RetentionCategory.THREAT_INTELLIGENCE)
                .takeDue(cutoffs.threatIntelligence(), budget)) {
            TrackedAge indicator = due.getValue();
            send(RetentionCommands.purgeIndicator(due.getKey(), indicator, cutoffs.threatIntelligence(),
                    RetentionCommands.runId(indicator.tenantId(), now), issuedAt), timestamp);
            count(runs, indicator.tenantId(), RetentionCategory.THREAT_INTELLIGENCE, 1);
            budget--;
        }
        purgeEndedSessions(cutoffs, budget, runs, now, issuedAt, timestamp);
        countDueAuditDays(cutoffs, runs);

        runs.forEach((tenantId, counts) -> {
            send(RetentionCommands.recordRetentionRun(tenantId, RetentionCommands.runId(tenantId, now), cutoffs,
                    counts, issuedAt), timestamp);
            listener.runRecorded(tenantId, counts);
        });
    }

    /** One command per user with due sessions: the processor purges every ended session of the user before it. */
    private void purgeEndedSessions(RetentionPolicy.Cutoffs cutoffs, int budget,
            Map<String, Map<RetentionCategory, Long>> runs, Instant now, Instant issuedAt, long timestamp) {
        Map<List<String>, Long> dueByUser = new LinkedHashMap<>();
        for (Map.Entry<String, TrackedAge> due : ages.get(RetentionCategory.SESSIONS)
                .takeDue(cutoffs.sessions(), budget)) {
            dueByUser.merge(List.of(due.getValue().tenantId(), String.valueOf(due.getValue().ownerId())), 1L,
                    Long::sum);
        }
        dueByUser.forEach((tenantAndUser, sessions) -> {
            String tenantId = tenantAndUser.get(0);
            send(RetentionCommands.purgeEndedSessions(tenantId, tenantAndUser.get(1), cutoffs.sessions(),
                    RetentionCommands.runId(tenantId, now), issuedAt), timestamp);
            count(runs, tenantId, RetentionCategory.SESSIONS, sessions);
        });
    }

    /** Audit entries are purged by the projector from the run's cutoff: the worker only counts the due days. */
    private void countDueAuditDays(RetentionPolicy.Cutoffs cutoffs, Map<String, Map<RetentionCategory, Long>> runs) {
        List<KeyValue<String, Long>> due = new ArrayList<>();
        // Keys of days before the first kept one sort before its bare date, which no key equals.
        try (KeyValueIterator<String, Long> days = auditDays.range(null, cutoffs.firstAuditDayKept().toString())) {
            days.forEachRemaining(due::add);
        }
        for (KeyValue<String, Long> day : due) {
            auditDays.delete(day.key);
            String tenantId = day.key.substring(day.key.indexOf('|') + 1);
            count(runs, tenantId, RetentionCategory.AUDIT_LOGS, day.value);
        }
    }

    private static void count(Map<String, Map<RetentionCategory, Long>> runs, String tenantId,
            RetentionCategory category, long items) {
        runs.computeIfAbsent(tenantId, tenant -> new EnumMap<>(RetentionCategory.class))
                .merge(category, items, Long::sum);
    }

    private void send(RetentionCommands.Routed routed, long timestamp) {
        context.forward(new Record<>(routed.key(), routed.command(), timestamp));
    }
}
