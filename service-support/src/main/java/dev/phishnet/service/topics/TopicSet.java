package dev.phishnet.service.topics;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.config.TopicBuilder;

/** The topics one service touches, as configured under {@code platform.topics}. */
public interface TopicSet {

    /** Replication factor of every topic created at start-up (1 on the local stack). */
    short replicationFactor();

    /** Partitions of a topic that does not set its own. */
    int defaultPartitions();

    /** Every topic the service ensures at start-up. */
    List<Topic> all();

    /**
     * The topics as KafkaAdmin creates them: partitions, replication, {@code retention.ms} and, where set,
     * {@code cleanup.policy} and {@code max.message.bytes} from configuration.
     */
    default List<NewTopic> newTopics() {
        return all().stream().map(this::newTopic).toList();
    }

    private NewTopic newTopic(Topic topic) {
        TopicBuilder builder = TopicBuilder.name(topic.name())
                .partitions(topic.partitions() != null ? topic.partitions() : defaultPartitions())
                .replicas(replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, retentionMs(topic.retention()));
        if (topic.cleanupPolicy() != null) {
            builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy());
        }
        if (topic.maxMessageBytes() != null) {
            builder.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(topic.maxMessageBytes().toBytes()));
        }
        return builder.build();
    }

    private static String retentionMs(@Nullable Duration retention) {
        return retention == null || retention.isNegative() ? "-1" : Long.toString(retention.toMillis());
    }
}
