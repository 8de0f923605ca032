package dev.phishnet.cleanup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
 */
@ConfigurationProperties("platform")
public record CleanupWorkerProperties(SchemaRegistrySettings schemaRegistry, Topics topics, Worker worker,
        Sessions sessions) implements ServiceSettings {

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
