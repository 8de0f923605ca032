package dev.phishnet.commandapi;

import java.util.List;

import dev.phishnet.commandapi.security.RegistrationSettings;
import dev.phishnet.commandapi.security.SecuritySettings;
import dev.phishnet.service.SchemaRegistrySettings;
import dev.phishnet.service.ServiceSettings;
import dev.phishnet.service.topics.Topic;
import dev.phishnet.service.topics.TopicSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the command API, bound from {@code platform.*}. The defaults, which run the local stack, live in
 * {@code application.yml} beside this service, so that every key and its default can be read in one place.
 *
 * @param schemaRegistry the Confluent-compatible registry holding the Avro schemas of every command and event
 * @param topics the topics this service writes or reads: the HTTP layer writes {@code commands} and reads
 *     {@code command-replies}; the command processor it hosts writes every event topic
 * @param security the token issuers the API trusts
 * @param registration whether self-registration needs no token
 */
@ConfigurationProperties("platform")
public record CommandApiProperties(
        SchemaRegistrySettings schemaRegistry,
        Topics topics,
        @DefaultValue SecuritySettings security,
        @DefaultValue RegistrationSettings registration) implements ServiceSettings {

    /**
     * @param replicationFactor replication factor of every topic created at start-up (1 on the local stack)
     * @param defaultPartitions partitions of a topic that does not set its own
     * @param commands commands to decide, keyed by the aggregate they target
     * @param commandReplies outcome of each decided command, keyed by correlation id
     * @param userEvents user events, keyed by user id
     * @param sessionEvents session events, keyed by user id
     * @param analysisEvents email analysis events, keyed by analysis id
     * @param threatIntelEvents threat-intelligence indicator events, keyed by normalized indicator
     * @param auditEvents one audit event per decided command: the public contract for downstream consumers
     */
    public record Topics(
            short replicationFactor,
            int defaultPartitions,
            Topic commands,
            Topic commandReplies,
            Topic userEvents,
            Topic sessionEvents,
            Topic analysisEvents,
            Topic threatIntelEvents,
            Topic auditEvents) implements TopicSet {

        @Override
        public List<Topic> all() {
            return List.of(commands, commandReplies, userEvents, sessionEvents, analysisEvents, threatIntelEvents,
                    auditEvents);
        }
    }
}
