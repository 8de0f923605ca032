package dev.phishnet.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserRegistered;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The stack's topics as a reader outside it sees them: read_committed, no consumer group (all partitions assigned),
 * Avro through the stack's registry, as command-api's followers read them.
 */
final class StackTopics {

    static final String USER_EVENTS = "user-events";
    static final String SESSION_EVENTS = "session-events";

    private final String bootstrap;
    private final String registryUrl;

    StackTopics(String bootstrap, String registryUrl) {
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
    }

    /** The consumer settings of command-api's session-status follower: read_committed, otherwise client defaults. */
    static Map<String, Object> followerLike(String bootstrap, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("client.id", clientId);
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", false);
        config.put("auto.offset.reset", "earliest");
        return config;
    }

    <V> KafkaConsumer<String, V> consumer(String clientId, Class<V> type) {
        Map<String, Object> config = followerLike(bootstrap, clientId);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        var values = new AvroDeserializer<V>(type);
        values.configure(config, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }

    /** Assigns every partition of {@code topic} and moves to its end now: what is read next is what comes after. */
    static <V> void fromNow(KafkaConsumer<String, V> consumer, String topic) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // seekToEnd is lazy: ask for the positions, so that "now" is now and not the first poll.
        partitions.forEach(partition -> consumer.position(partition, Duration.ofSeconds(10)));
    }

    static <V> void fromBeginning(KafkaConsumer<String, V> consumer, String topic) {
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    private static <V> List<TopicPartition> partitions(KafkaConsumer<String, V> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /**
     * The password hash user-events holds for {@code userId} (its UserRegistered): the Argon2 floor verifies exactly
     * what command-api verifies, parameters included. Stays in memory, never printed.
     */
    String storedPasswordHash(String userId, Duration timeout) {
        try (KafkaConsumer<String, UserEvent> consumer = consumer("bench-user-events", UserEvent.class)) {
            fromBeginning(consumer, USER_EVENTS);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, UserEvent> record : consumer.poll(Duration.ofMillis(500))) {
                    UserEvent event = record.value();
                    if (event != null && userId.equals(event.getEnvelope().getAggregateId())
                            && event.getPayload() instanceof UserRegistered registered) {
                        return registered.getPasswordHash();
                    }
                }
            }
        }
        throw new IllegalStateException("no UserRegistered of " + userId + " in " + USER_EVENTS + " within " + timeout);
    }

    KafkaConsumer<String, SessionEvent> sessionEvents(String clientId) {
        return consumer(clientId, SessionEvent.class);
    }
}
