package dev.phishnet.localstack.chaos;

import dev.phishnet.schemas.serde.AvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every committed record of some topics, from their start, decoded with the schemas module's deserializer against the
 * run's registry (generic records: one reader for every message type). A read_committed consumer: what a transaction
 * aborted by a kill wrote is not there, exactly as no downstream consumer sees it.
 */
final class EventLog {

    /** One record: where it is and what it says. */
    record Message(String topic, int partition, long offset, String key, GenericRecord value) {

        /** The payload's type name (a union member: {@code UserRegistered}, {@code StartSession}, ...). */
        String type() {
            return value.getSchema().getField("payload") != null
                    && value.get("payload") instanceof GenericRecord payload ? payload.getSchema().getName()
                    : value.getSchema().getName();
        }

        GenericRecord envelope() {
            return (GenericRecord) value.get("envelope");
        }

        /** The actor of a command, or of the command that caused an event or audit entry. */
        GenericRecord actor() {
            // Avro 1.12 throws on a field the schema lacks: ask the schema first.
            return (GenericRecord) (value.getSchema().getField("actor") != null ? value.get("actor")
                    : envelope().get("actor"));
        }

        String userAgent() {
            Object agent = actor() == null ? null : actor().get("userAgent");
            return agent == null ? null : agent.toString();
        }

        String text(GenericRecord record, String field) {
            Object found = record.get(field);
            return found == null ? null : found.toString();
        }
    }

    private EventLog() {
    }

    static Map<String, List<Message>> read(String bootstrap, String registry, List<String> topics) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "crash-loop-verifier-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        Map<String, List<Message>> read = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
                var values = new AvroDeserializer<GenericRecord>()) {
            values.configure(Map.of("schema.registry.url", registry, "specific.avro.reader", false), false);
            List<TopicPartition> partitions = new ArrayList<>();
            for (var topic : topics) {
                read.put(topic, new ArrayList<>());
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(info ->
                        partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The last stable offsets now: everything committed up to here is read.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topics were not read to their end offsets " + ends
                            + " within 2 minutes");
                }
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    read.get(record.topic()).add(new Message(record.topic(), record.partition(), record.offset(),
                            record.key(), values.deserialize(record.topic(), record.value())));
                }
            }
        }
        return read;
    }
}
