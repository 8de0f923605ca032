package dev.phishnet.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches one consumer of the seeded topic fill its collection: every {@code interval} the collection's size
 * ({@code estimatedDocumentCount}, answered from metadata without a scan) and the consumer group's lag on the topic
 * (Admin API: read_committed end offset minus committed offset; a partition without a commit counts from its log
 * start). Times are {@link System#nanoTime()} values; 0 means not seen.
 */
final class SinkWatch {

    /** When things were first seen, and what was last seen. */
    record Times(long started, long up, long firstDocument, long allDocuments, long lagZero, long documents, long lag) {

        double seconds(long from, long to) {
            return from == 0 || to == 0 ? Double.NaN : (to - from) / 1e9;
        }
    }

    private final Admin admin;
    private final MongoClient mongo;
    private final String topic;

    SinkWatch(String bootstrap, String mongoUri, String topic) {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
        this.mongo = MongoClients.create(mongoUri);
        this.topic = topic;
    }

    /**
     * Polls until the collection holds {@code expected} documents and the group's lag is 0, or the process died, or
     * the timeout passed (then the last values say how far it got). {@code up}: whether the process says it is up
     * (asked until it does); {@code onFirstDocument} runs once, when the first document is seen.
     */
    Times watch(long started, String database, String collection, String group, long expected, BooleanSupplier up,
            BooleanSupplier alive, Runnable onFirstDocument, Duration timeout, Duration interval)
            throws InterruptedException {
        var documents = mongo.getDatabase(database).getCollection(collection);
        long deadline = started + timeout.toNanos();
        long upAt = 0;
        long first = 0;
        long all = 0;
        long lagZero = 0;
        long count = 0;
        long lag = -1;
        long lastPrint = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (upAt == 0 && up.getAsBoolean()) {
                upAt = now;
            }
            count = documents.estimatedDocumentCount();
            now = System.nanoTime();
            if (first == 0 && count > 0) {
                first = now;
                onFirstDocument.run();
            }
            if (all == 0 && count >= expected) {
                all = now;
            }
            lag = lag(group);
            if (lagZero == 0 && lag == 0) {
                lagZero = System.nanoTime();
            }
            if (all != 0 && lagZero != 0) {
                break;
            }
            if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
                break;
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                System.out.printf("  %5.0f s: %,d of %,d documents, lag %,d%n", (System.nanoTime() - started) / 1e9,
                        count, expected, lag);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(interval.toMillis());
        }
        return new Times(started, upAt, first, all, lagZero, count, lag);
    }

    /** The group's lag on the topic; -1 if it cannot be read now. */
    long lag(String group) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            partitions.forEach(partition -> {
                latest.put(partition, OffsetSpec.latest());
                earliest.put(partition, OffsetSpec.earliest());
            });
            var options = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            var ends = admin.listOffsets(latest, options).all().get(10, TimeUnit.SECONDS);
            var starts = admin.listOffsets(earliest, options).all().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata commit = committed.get(partition);
                long position = commit != null ? commit.offset() : starts.get(partition).offset();
                lag += Math.max(0, ends.get(partition).offset() - position);
            }
            return lag;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Exact count at the end (a scan on mongo-java-server, so only once). */
    long count(String database, String collection) {
        return mongo.getDatabase(database).getCollection(collection).countDocuments();
    }

    /** One document of the collection as JSON: what the consumer made of an event. */
    String sample(String database, String collection) {
        var document = mongo.getDatabase(database).getCollection(collection).find().limit(1).first();
        return document == null ? "(none)" : document.toJson();
    }

    void drop(String database) {
        mongo.getDatabase(database).drop();
    }

    void close() {
        admin.close();
        mongo.close();
    }
}
