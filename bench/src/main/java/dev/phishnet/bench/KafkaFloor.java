package dev.phishnet.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor of revocation propagation: one record at a time through the stack's broker, a transactional producer
 * (the processor writes session-events in exactly-once transactions) and a consumer with command-api's follower
 * settings (read_committed, assigned, polled with the follower's 200 ms timeout), on a topic of its own that is
 * deleted afterwards. Two latencies per record: from send to received, and from commitTransaction() returning to
 * received; the second is the one to hold propagation against, which starts when the logout (answered after its
 * transaction committed) returns.
 */
final class KafkaFloor {

    private static final long HIGHEST_MICROS = Duration.ofMinutes(1).toNanos() / 1000;
    private static final Duration POLL = Duration.ofMillis(200);

    record Result(int samples, int lost, Histogram sendToReceive, Histogram commitToReceive) {
    }

    private KafkaFloor() {
    }

    static Result run(String bootstrap, int samples, Duration gap) throws Exception {
        String topic = "bench-latency-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            try {
                return measure(bootstrap, topic, samples, gap);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Result measure(String bootstrap, String topic, int samples, Duration gap) throws Exception {
        Map<String, Long> received = new ConcurrentHashMap<>();
        var partition = new TopicPartition(topic, 0);
        Map<String, Object> consumerConfig = StackTopics.followerLike(bootstrap, "bench-latency-consumer");
        var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition, Duration.ofSeconds(10));
        var running = new java.util.concurrent.atomic.AtomicBoolean(true);
        var reader = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        received.put(record.key(), System.nanoTime());
                    }
                }
            }
        }, "kafka-floor-reader");
        reader.start();

        Map<String, Object> producerConfig = Map.of("bootstrap.servers", bootstrap,
                "transactional.id", topic + "-producer",
                // One record per transaction: do not wait for more to batch.
                "linger.ms", 0);
        var sendToReceive = new Histogram(HIGHEST_MICROS, 3);
        var commitToReceive = new Histogram(HIGHEST_MICROS, 3);
        int lost = 0;
        try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            for (int i = -10; i < samples; i++) { // ten unmeasured first: connections, metadata, the reader's first fetch
                String key = Integer.toString(i);
                long sent = System.nanoTime();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, key, "x".repeat(200)));
                producer.commitTransaction();
                long committed = System.nanoTime();
                long deadline = committed + TimeUnit.SECONDS.toNanos(10);
                Long at;
                while ((at = received.get(key)) == null && System.nanoTime() < deadline) {
                    Thread.sleep(0, 200_000);
                }
                if (i >= 0) {
                    if (at == null) {
                        lost++;
                    } else {
                        sendToReceive.recordValue(Math.min((at - sent) / 1000, HIGHEST_MICROS));
                        commitToReceive.recordValue(Math.max(0, Math.min((at - committed) / 1000, HIGHEST_MICROS)));
                    }
                }
                Thread.sleep(gap.toMillis());
            }
        } finally {
            running.set(false);
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
        if (lost == samples) {
            throw new TimeoutException("no record of " + topic + " reached the read_committed consumer");
        }
        return new Result(samples, lost, sendToReceive, commitToReceive);
    }
}
