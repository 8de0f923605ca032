package dev.phishnet.service.topics;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

/**
 * @param name the topic's name
 * @param partitions its partition count; absent means {@code platform.topics.default-partitions}
 * @param retention how long its records are kept ({@code retention.ms}); absent or {@code -1} means forever
 * @param cleanupPolicy {@code cleanup.policy}: {@code delete} (absent), {@code compact} or {@code compact,delete}
 * @param maxMessageBytes {@code max.message.bytes}: the largest record batch the topic takes; absent means the broker's
 *     default (about 1 MB)
 */
public record Topic(String name, @Nullable Integer partitions, @Nullable Duration retention,
        @Nullable String cleanupPolicy, @Nullable DataSize maxMessageBytes) {

    /** Bound from properties through this constructor: with two, Boot binds a record through neither unless told. */
    @ConstructorBinding
    public Topic {
    }

    public Topic(String name, @Nullable Integer partitions, @Nullable Duration retention) {
        this(name, partitions, retention, null, null);
    }
}
