package dev.phishnet.service.testing;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** What the broker says about a service's topics, for tests that check the topics a service ensured at start-up. */
public final class TopicFacts {

    private static final long TIMEOUT_SECONDS = 10;

    private TopicFacts() {
    }

    /** Partition count of each named topic. */
    public static Map<String, Integer> partitions(Admin admin, Collection<String> topics) throws Exception {
        return admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().partitions().size()));
    }

    /** {@code retention.ms} of each named topic. */
    public static Map<String, String> retentionMs(Admin admin, Collection<String> topics) throws Exception {
        return config(admin, topics, TopicConfig.RETENTION_MS_CONFIG);
    }

    /** The value of one topic config ({@code cleanup.policy}, ...) of each named topic. */
    public static Map<String, String> config(Admin admin, Collection<String> topics, String config)
            throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        return admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(),
                        entry -> entry.getValue().get(config).value()));
    }
}
