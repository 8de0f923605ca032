package dev.phishnet.commandapi.follow;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads every partition of one topic on a thread of its own, from a start position chosen per partition, and hands
 * each committed record to a view. It publishes how far it has read, so that a caller can wait until the view
 * includes everything a topic held at some moment ({@link CatchUp}).
 *
 * @param <V> the record value type
 */
public final class TopicFollower<V> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMillis(500);

    /** Where to start reading the partitions: offsets by partition, looked up with the consumer. */
    public interface StartPosition {
        void seek(Consumer<?, ?> consumer, List<TopicPartition> partitions);
    }

    private final String topic;
    private final Supplier<Consumer<String, V>> consumers;
    private final StartPosition start;
    private final BiConsumer<String, V> view;
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile Map<TopicPartition, Long> endAtStart = Map.of();
    private volatile boolean current;
    private volatile Consumer<String, V> consumer;
    private Thread thread;

    public TopicFollower(String topic, Supplier<Consumer<String, V>> consumers, StartPosition start,
            BiConsumer<String, V> view) {
        this.topic = topic;
        this.consumers = consumers;
        this.start = start;
        this.view = view;
    }

    public String topic() {
        return topic;
    }

    /** Whether the follower has its partitions; before that nothing it serves can be trusted. */
    public boolean assigned() {
        return assigned;
    }

    /**
     * Whether the view has once held everything its topic held when the follower started: until then it may miss facts
     * (an ended session, a lock, an account), so the instance is not ready.
     */
    public boolean current() {
        if (!current && assigned && reached(endAtStart)) {
            current = true;
        }
        return current;
    }

    /** The next offset this follower will read, by partition: everything before it is in the view. */
    public Map<TopicPartition, Long> positions() {
        return Map.copyOf(positions);
    }

    /** Whether the view holds every record before these offsets (partitions it does not follow yet: no). */
    public boolean reached(Map<TopicPartition, Long> targets) {
        if (!assigned) {
            return false;
        }
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            Long position = positions.get(target.getKey());
            if (position == null || position < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, topic + "-follower");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, V> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        try (Consumer<String, V> own = consumers.get()) {
            consumer = own;
            while (running && !assign(own)) {
                // The broker is away or the topic not created yet: whoever relies on the view waits until it is.
                LockSupport.parkNanos(RETRY.toNanos());
            }
            while (running) {
                poll(own);
            }
        } catch (WakeupException stopping) {
            // stop() woke the consumer up.
        } catch (RuntimeException unexpected) {
            log.error("Follower of {} stopped: what it serves stays stale until a restart", topic, unexpected);
        } finally {
            assigned = false;
        }
    }

    private boolean assign(Consumer<String, V> own) {
        try {
            List<PartitionInfo> partitions = own.partitionsFor(topic, METADATA);
            if (partitions == null || partitions.isEmpty()) {
                return false;
            }
            List<TopicPartition> all = partitions.stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            own.assign(all);
            start.seek(own, all);
            for (TopicPartition partition : all) {
                positions.put(partition, own.position(partition, METADATA));
            }
            endAtStart = Map.copyOf(own.endOffsets(all, METADATA));
            assigned = true;
            log.info("Following {} partitions of {} from {}", all.size(), topic, positions);
            return true;
        } catch (WakeupException stopping) {
            throw stopping;
        } catch (KafkaException notYet) {
            log.warn("Cannot follow {} yet: {}", topic, notYet.getMessage());
            return false;
        }
    }

    private void poll(Consumer<String, V> own) {
        try {
            for (ConsumerRecord<String, V> record : own.poll(POLL)) {
                if (record.value() != null) {
                    view.accept(record.key(), record.value());
                }
            }
        } catch (RecordDeserializationException unreadable) {
            // One unreadable record must not blind every instance to the rest of the topic.
            log.error("Skipping unreadable record at {} offset {}", unreadable.topicPartition(), unreadable.offset(),
                    unreadable);
            own.seek(unreadable.topicPartition(), unreadable.offset() + 1);
        }
        // Positions move past transaction markers too, which records alone would not show.
        for (TopicPartition partition : own.assignment()) {
            positions.put(partition, own.position(partition));
        }
    }

    /** Consumer settings every follower needs: committed records only, no group, no commits. */
    public static Map<String, Object> consumerOverrides(Map<String, Object> base, String clientId) {
        Map<String, Object> config = new HashMap<>(base);
        config.remove("group.id");
        config.put("client.id", clientId);
        config.put("isolation.level", "read_committed");
        config.put("enable.auto.commit", false);
        config.put("auto.offset.reset", "earliest");
        return config;
    }

    /** Starts every partition at its end: only what is written from now on. */
    public static StartPosition atEnd() {
        return (consumer, partitions) -> consumer.seekToEnd(partitions);
    }

    /** Starts every partition at its beginning. */
    public static StartPosition fromBeginning() {
        return (consumer, partitions) -> consumer.seekToBeginning(partitions);
    }

    /**
     * Starts every partition at its first record at or after {@code now - lookback}, or at its end when there is none.
     */
    public static StartPosition since(Supplier<Long> fromMillis) {
        return (consumer, partitions) -> {
            long from = fromMillis.get();
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, from));
            var offsets = consumer.offsetsForTimes(times, METADATA);
            List<TopicPartition> none = partitions.stream().filter(p -> offsets.get(p) == null).toList();
            consumer.seekToEnd(none);
            offsets.forEach((partition, found) -> {
                if (found != null) {
                    consumer.seek(partition, found.offset());
                }
            });
        };
    }
}
