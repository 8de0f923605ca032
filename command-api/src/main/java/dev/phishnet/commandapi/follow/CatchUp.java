package dev.phishnet.commandapi.follow;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Waits until followers hold everything their topics held when the wait began: the last stable offsets
 * (read_committed) of every followed partition, asked of the broker. A login that finds no account, or a
 * credential older than the processor's, waits here once before it concludes anything.
 */
public final class CatchUp {

    private static final Duration CHECK_EVERY = Duration.ofMillis(5);

    private final Admin admin;
    private final Duration timeout;

    public CatchUp(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Completes when {@code follower} has read up to the topic's current end; errors after the timeout. */
    public Mono<Void> await(TopicFollower<?> follower) {
        return endOffsets(follower)
                .flatMap(targets -> Flux.interval(Duration.ZERO, CHECK_EVERY)
                        .filter(tick -> follower.reached(targets))
                        .next()
                        .then())
                .timeout(timeout, Mono.error(() -> new FollowerBehindException(follower.topic(), timeout)));
    }

    private Mono<Map<TopicPartition, Long>> endOffsets(TopicFollower<?> follower) {
        List<TopicPartition> partitions = List.copyOf(follower.positions().keySet());
        if (partitions.isEmpty()) {
            return Mono.error(new FollowerBehindException(follower.topic(), Duration.ZERO));
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        var result = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all();
        return Mono.fromFuture(result.toCompletionStage().toCompletableFuture())
                .map(offsets -> {
                    Map<TopicPartition, Long> targets = new HashMap<>();
                    offsets.forEach((partition, info) -> targets.put(partition, info.offset()));
                    return targets;
                });
    }

    /** The follower could not show that it is current: a caller cannot trust its view now. */
    public static final class FollowerBehindException extends RuntimeException {
        FollowerBehindException(String topic, Duration waited) {
            super("the follower of " + topic + " did not catch up within " + waited.toMillis() + " ms");
        }
    }
}
