package dev.phishnet.commandapi.fuzz;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Counts the committed records of the event topics, as a read_committed consumer sees them. */
final class EventTopics {

    private final String bootstrapServers;
    private final List<String> topics;

    EventTopics(String bootstrapServers, List<String> topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    /** Records per topic, from the start to the last stable offset. */
    Map<String, Long> count() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "fuzz-counter-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
                long count = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Could not read " + topic + " to its end in 30 s");
                    }
                    count += consumer.poll(Duration.ofMillis(200)).count();
                }
                counts.put(topic, count);
            }
        }
        return counts;
    }
}
