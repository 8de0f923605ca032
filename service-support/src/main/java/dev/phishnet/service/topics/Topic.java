package dev.phishnet.service.topics;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * @param name the topic's name
 * @param partitions its partition count; absent means {@code platform.topics.default-partitions}
 * @param retention how long its records are kept ({@code retention.ms}); absent or {@code -1} means forever
 */
public record Topic(String name, @Nullable Integer partitions, @Nullable Duration retention) {
}
