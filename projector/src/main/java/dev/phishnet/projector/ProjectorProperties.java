package dev.phishnet.projector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.phishnet.service.SchemaRegistrySettings;
import dev.phishnet.service.ServiceSettings;
import dev.phishnet.service.topics.Topic;
import dev.phishnet.service.topics.TopicSet;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the projector, bound from {@code platform.*}. The defaults, which run the local stack, live in
 * {@code application.yml} beside this service, so that every key and its default can be read in one place.
 *
 * @param schemaRegistry the Confluent-compatible registry holding the Avro schemas of every event
 * @param topics the event topics this service reads into read models
 * @param projector the Kafka Streams application that writes the read models
 * @param aggregates the second Kafka Streams application, exactly once, that keeps the counting views (analysis
 *     statistics, API usage); it runs with the projector's commit interval, threads and close timeout
 * @param retention how retention deletes from the read models
 */
@ConfigurationProperties("platform")
public record ProjectorProperties(SchemaRegistrySettings schemaRegistry, Topics topics, Projector projector,
        Aggregates aggregates, Retention retention) implements ServiceSettings {

    /**
     * @param purge how the background purger deletes what retention runs ask for (audit log entries older than a
     *     run's cutoff)
     */
    public record Retention(Purge purge) {
    }

    /**
     * Small batches, paced: the purge shares the collection with the queries, which must keep answering.
     *
     * @param batchSize the most documents one batch deletes (ids found along the tenant-and-time index, then deleted
     *     by id)
     * @param pause how long the purger waits between batches while a job is pending: with the batch size, the bound
     *     on its rate
     * @param pollInterval how often the purger looks for new jobs while none is pending: how long after a retention
     *     run is projected its purge starts at the latest
     */
    public record Purge(int batchSize, Duration pause, Duration pollInterval) {

        public Purge {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("platform.retention.purge.batch-size must be positive");
            }
            if (pause == null || pause.isNegative()) {
                throw new IllegalArgumentException("platform.retention.purge.pause must be zero or positive");
            }
            if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("platform.retention.purge.poll-interval must be positive");
            }
        }
    }

    /**
     * @param applicationId the Kafka Streams application id: consumer group, prefix of its internal topics and of
     *     its state directory; a new id reads every topic again from its start
     * @param stateDir where Kafka Streams keeps its local stores (the user and session views); not the OS temp
     *     directory, which may be cleaned under a running service
     * @param commitInterval how often Streams commits, and so how often each projection flushes its buffered
     *     writes to MongoDB in one bulk write: the bound on command-to-visible latency that batching adds
     * @param streamThreads stream threads; each runs a share of the partitions' tasks
     * @param closeTimeout how long shutdown waits for the in-flight batch to flush and the group to be left
     * @param storeWait how long a MongoDB call waits for a reachable server (the driver's server selection) before it
     *     fails: the MongoDB outage a stream thread waits out, keeping its partitions, and resumes from as soon as the
     *     store is back (both applications' {@code max.poll.interval.ms} is set a minute above it, so that a thread
     *     waiting for the store stays in its group). A longer outage fails the call, the thread is replaced, and the
     *     new one waits again (its predecessor's membership lingers for the group's session timeout, 45 s, before its
     *     partitions are handed over)
     */
    public record Projector(
            String applicationId,
            Path stateDir,
            Duration commitInterval,
            int streamThreads,
            Duration closeTimeout,
            Duration storeWait) {

        /**
         * The Streams consumers' {@code max.poll.interval.ms}: a thread waiting out a MongoDB outage does not poll
         * meanwhile, and must stay in its group for {@link #storeWait} plus a batch's work, or its partitions would
         * move and the wait be lost to a rebalance.
         */
        public int maxPollIntervalMs() {
            return (int) storeWait.plusMinutes(1).toMillis();
        }
    }

    /**
     * @param applicationId the aggregates application's id: consumer group, prefix of its internal topics (the
     *     changelogs of its counts); a new id counts every topic again from its start. Its local state lives in
     *     {@code aggregates} under the projector's state directory
     */
    public record Aggregates(String applicationId) {
    }

    /**
     * @param replicationFactor replication factor of every topic created at start-up (1 on the local stack)
     * @param defaultPartitions partitions of a topic that does not set its own
     * @param userEvents user events, keyed by user id
     * @param sessionEvents session events, keyed by user id
     * @param analysisEvents email analysis events, keyed by analysis id
     * @param threatIntelEvents threat-intelligence indicator events, keyed by normalized indicator
     * @param auditEvents one audit event per decided command
     * @param projectorDlq the dead-letter topic: a copy of every record a projection parked (it did not decode, or
     *     its apply threw) or held back behind one, keyed as the original, with {@code phishnet.dlq.*} headers
     */
    public record Topics(
            short replicationFactor,
            int defaultPartitions,
            Topic userEvents,
            Topic sessionEvents,
            Topic analysisEvents,
            Topic threatIntelEvents,
            Topic auditEvents,
            Topic projectorDlq) implements TopicSet {

        @Override
        public List<Topic> all() {
            return List.of(userEvents, sessionEvents, analysisEvents, threatIntelEvents, auditEvents, projectorDlq);
        }
    }
}
