package dev.phishnet.projector;

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
 */
@ConfigurationProperties("platform")
public record ProjectorProperties(SchemaRegistrySettings schemaRegistry, Topics topics) implements ServiceSettings {

    /**
     * @param replicationFactor replication factor of every topic created at start-up (1 on the local stack)
     * @param defaultPartitions partitions of a topic that does not set its own
     * @param userEvents user events, keyed by user id
     * @param sessionEvents session events, keyed by user id
     * @param analysisEvents email analysis events, keyed by analysis id
     * @param threatIntelEvents threat-intelligence indicator events, keyed by normalized indicator
     * @param auditEvents one audit event per decided command
     */
    public record Topics(
            short replicationFactor,
            int defaultPartitions,
            Topic userEvents,
            Topic sessionEvents,
            Topic analysisEvents,
            Topic threatIntelEvents,
            Topic auditEvents) implements TopicSet {

        @Override
        public List<Topic> all() {
            return List.of(userEvents, sessionEvents, analysisEvents, threatIntelEvents, auditEvents);
        }
    }
}
