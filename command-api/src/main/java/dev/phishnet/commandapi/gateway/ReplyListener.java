package dev.phishnet.commandapi.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import dev.phishnet.schemas.command.CommandOutcome;
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
 * Follows every partition of {@code command-replies} from its end and hands each outcome to the request waiting for
 * it. No consumer group: each instance reads all replies (they are small) and keeps those it waits for, so a reply
 * reaches its request whichever partition it lands on and however many instances run. Only committed replies are
 * read (the processor writes them in transactions).
 */
final class ReplyListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMillis(500);

    private final Supplier<Consumer<String, CommandOutcome>> consumers;
    private final String topic;
    private final PendingReplies pending;
    private volatile boolean running;
    private volatile boolean ready;
    private volatile Consumer<String, CommandOutcome> consumer;
    private Thread thread;

    ReplyListener(Supplier<Consumer<String, CommandOutcome>> consumers, String topic, PendingReplies pending) {
        this.consumers = consumers;
        this.topic = topic;
        this.pending = pending;
    }

    /** Whether replies are followed: before that, a published command could not be answered. */
    boolean ready() {
        return ready;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "command-replies-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        ready = false;
        Consumer<String, CommandOutcome> current = consumer;
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
        try (Consumer<String, CommandOutcome> own = consumers.get()) {
            consumer = own;
            while (running && !assign(own)) {
                // The broker is away or the topic not created yet: requests answer 503 until it is.
                LockSupport.parkNanos(RETRY.toNanos());
            }
            while (running) {
                poll(own);
            }
        } catch (WakeupException stopping) {
            // stop() woke the consumer up.
        } catch (RuntimeException unexpected) {
            log.error("Reply listener stopped; commands will answer 503 until restart", unexpected);
        } finally {
            ready = false;
        }
    }

    private boolean assign(Consumer<String, CommandOutcome> own) {
        try {
            List<PartitionInfo> partitions = own.partitionsFor(topic, METADATA);
            if (partitions == null || partitions.isEmpty()) {
                return false;
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            own.assign(assigned);
            own.seekToEnd(assigned);
            // seekToEnd is lazy: resolve the positions now, so no reply published after "ready" is skipped.
            assigned.forEach(partition -> own.position(partition, METADATA));
            ready = true;
            log.info("Following {} partitions of {} for command replies", assigned.size(), topic);
            return true;
        } catch (WakeupException stopping) {
            throw stopping;
        } catch (KafkaException notYet) {
            log.warn("Cannot follow {} yet: {}", topic, notYet.getMessage());
            return false;
        }
    }

    private void poll(Consumer<String, CommandOutcome> own) {
        try {
            for (ConsumerRecord<String, CommandOutcome> record : own.poll(POLL)) {
                CommandOutcome outcome = record.value();
                if (outcome != null) {
                    pending.complete(outcome.getCorrelationId(), outcome);
                }
            }
        } catch (RecordDeserializationException unreadable) {
            // Nobody can wait for a reply we cannot read: skip it rather than stop answering everyone.
            log.error("Skipping unreadable reply at {} offset {}", unreadable.topicPartition(), unreadable.offset(),
                    unreadable);
            own.seek(unreadable.topicPartition(), unreadable.offset() + 1);
        }
    }

    static Map<String, Object> consumerOverrides() {
        return Map.of(
                "isolation.level", "read_committed",
                "enable.auto.commit", false,
                "auto.offset.reset", "latest");
    }
}
