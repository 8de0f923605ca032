package dev.phishnet.cleanup;

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
 */
@ConfigurationProperties("platform")
public record CleanupWorkerProperties(SchemaRegistrySettings schemaRegistry, Topics topics) implements ServiceSettings {

    /**
     * @param replicationFactor replication factor of every topic created at start-up (1 on the local stack)
     * @param defaultPartitions partitions of a topic that does not set its own
     * @param commands where expiry and purge commands go, keyed by the aggregate they target
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
