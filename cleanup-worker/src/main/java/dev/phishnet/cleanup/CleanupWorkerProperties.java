package dev.phishnet.cleanup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.phishnet.cleanup.retention.RetentionPolicy;
import dev.phishnet.service.SchemaRegistrySettings;
import dev.phishnet.service.ServiceSettings;
import dev.phishnet.service.topics.Topic;
import dev.phishnet.service.topics.TopicSet;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the cleanup worker, bound from {@code platform.*}. The defaults, which run the local stack, live in
 * {@code application.yml} beside this service, so that every key and its default can be read in one place.
 *
 * @param schemaRegistry the Confluent-compatible registry holding the Avro schemas of every command and event
 * @param topics the topics this service touches: it follows the event topics whose data ages and writes
 *     {@code commands}
 * @param worker the Kafka Streams application that tracks deadlines and sends the commands
 * @param sessions how sessions are expired
 * @param retention how long data is kept, and how retention runs
 */
@ConfigurationProperties("platform")
public record CleanupWorkerProperties(SchemaRegistrySettings schemaRegistry, Topics topics, Worker worker,
        Sessions sessions, Retention retention) implements ServiceSettings {

    /**
     * @param applicationId the Kafka Streams {@code application.id}: consumer group, transactional id prefix and
     *     prefix of its changelog topics; a new id reads {@code session-events} again from its start, and may then
     *     send commands for sessions already expired (the processor refuses them)
     * @param stateDir where Kafka Streams keeps its local stores (the tracked sessions, restorable from their
     *     changelogs); relative paths resolve against the working directory, kept out of the OS temp directory,
     *     which may be wiped under a running service
     * @param commitInterval how often Streams commits its transaction (stores, commands, offsets): a command sent
     *     on a check becomes visible to the processor at the next commit
     * @param closeTimeout how long shutdown waits for the in-flight transaction and for leaving the group
     */
    public record Worker(String applicationId, Path stateDir, Duration commitInterval, Duration closeTimeout) {
    }

    /**
     * @param expiryCheckInterval how often, on wall-clock time, the worker looks for sessions past their deadline
     *     (idle or absolute) and sends {@code ExpireSession} for each: with the commit interval, the most a session
     *     outlives its deadline
     */
    public record Sessions(Duration expiryCheckInterval) {

        public Sessions {
            if (expiryCheckInterval == null || expiryCheckInterval.isNegative() || expiryCheckInterval.isZero()) {
                throw new IllegalArgumentException("platform.sessions.expiry-check-interval must be positive");
            }
        }
    }

    /**
     * Retention: each period counts from when an item started ageing; a run, every {@code checkInterval}, sends a
     * purge command for each item past its period and, per tenant with anything due, a {@code RecordRetentionRun}
     * (audited as {@code retention.run}; its audit-logs cutoff makes the projector delete the tenant's older audit
     * entries).
     *
     * @param analyses how long an analysis is kept after it was requested
     * @param auditLogs how long an audit log entry is kept after it occurred; a run purges whole UTC days, those
     *     before the day of {@code now - auditLogs}, so an entry lives up to a day longer
     * @param threatIntel how long an indicator is kept after it was last reported (a report restarts its period)
     * @param endedSessions how long a session is kept after it ended (logged out, revoked, evicted or expired)
     * @param checkInterval how often, on wall-clock time, a retention run looks for what is due: the most an item
     *     outlives its period before its purge is sent
     * @param maxCommandsPerRun the most purge commands one run sends (an ended session counts one, though a user's
     *     are purged by one command); the rest go in the next runs, so that a backlog never stalls the worker
     * @param clockOffset DRILL SETTING, zero in service: how far ahead of the real clock retention runs, so that
     *     an operator can watch retention act on a test stack. With {@code 91d}, for example, the next run finds due
     *     every analysis, audit entry and ended session there is (and every indicator not reported for 274 days),
     *     and purges them as it would 91 days from now. It moves only retention's clock: session expiry keeps the
     *     real one, and the commands carry the real time they were issued. Never set it on data you mean to keep
     */
    public record Retention(Duration analyses, Duration auditLogs, Duration threatIntel, Duration endedSessions,
            Duration checkInterval, int maxCommandsPerRun, Duration clockOffset) {

        public Retention {
            if (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero()) {
                throw new IllegalArgumentException("platform.retention.check-interval must be positive");
            }
            if (maxCommandsPerRun <= 0) {
                throw new IllegalArgumentException("platform.retention.max-commands-per-run must be positive");
            }
            if (clockOffset == null || clockOffset.isNegative()) {
                throw new IllegalArgumentException("platform.retention.clock-offset must be zero or positive");
            }
            policy(analyses, auditLogs, threatIntel, endedSessions);
        }

        /** The periods, which must all be positive. */
        public RetentionPolicy policy() {
            return policy(analyses, auditLogs, threatIntel, endedSessions);
        }

        private static RetentionPolicy policy(Duration analyses, Duration auditLogs, Duration threatIntel,
                Duration endedSessions) {
            try {
                return new RetentionPolicy(analyses, auditLogs, threatIntel, endedSessions);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("platform.retention.analyses, audit-logs, threat-intel and "
                        + "ended-sessions must be positive", e);
            }
        }
    }

    /**
     * @param replicationFactor replication factor of every topic created at start-up (1 on the local stack)
     * @param defaultPartitions partitions of a topic that does not set its own
     * @param commands where expiry and purge commands go, keyed by the aggregate they target; command-api declares
     *     it too and whichever service starts first creates it. An existing topic keeps its retention, but KafkaAdmin
     *     adds partitions to one that has fewer than declared, which would move keys off the partitions holding
     *     their aggregates' state: declare the same partitions as command-api does
     * @param sessionEvents session events, keyed by user id: idle and absolute session deadlines
     * @param analysisEvents email analysis events, keyed by analysis id: analysis retention
     * @param threatIntelEvents threat-intelligence indicator events, keyed by normalized indicator: indicator expiry
     * @param auditEvents one audit event per decided command: audit log retention
     */
    public record Topics(
            short replicationFactor,
            int defaultPartitions,
            Topic commands,
            Topic sessionEvents,
            Topic analysisEvents,
            Topic threatIntelEvents,
            Topic auditEvents) implements TopicSet {

        @Override
        public List<Topic> all() {
            return List.of(commands, sessionEvents, analysisEvents, threatIntelEvents, auditEvents);
        }
    }
}
