package dev.phishnet.projector.parking;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The context a guarded projection sees: the task's own, except that while a parked record is applied again (from a
 * punctuator, where Streams has no current record) it names that record's position. A projection forwards nothing.
 */
final class ReleasingContext implements ProcessorContext<Void, Void> {

    private final ProcessorContext<?, ?> task;
    private @Nullable ReleasedPosition released;

    ReleasingContext(ProcessorContext<?, ?> task) {
        this.task = task;
    }

    /** Runs {@code apply} with {@code position} as the current record's metadata. */
    void releasing(ReleasedPosition position, Runnable apply) {
        released = position;
        try {
            apply.run();
        } finally {
            released = null;
        }
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return released != null ? Optional.of(released) : task.recordMetadata();
    }

    @Override
    public <K extends Void, V extends Void> void forward(Record<K, V> record) {
        throw new UnsupportedOperationException("a projection forwards nothing");
    }

    @Override
    public <K extends Void, V extends Void> void forward(Record<K, V> record, String childName) {
        throw new UnsupportedOperationException("a projection forwards nothing");
    }

    @Override
    public String applicationId() {
        return task.applicationId();
    }

    @Override
    public TaskId taskId() {
        return task.taskId();
    }

    @Override
    public Serde<?> keySerde() {
        return task.keySerde();
    }

    @Override
    public Serde<?> valueSerde() {
        return task.valueSerde();
    }

    @Override
    public File stateDir() {
        return task.stateDir();
    }

    @Override
    public StreamsMetrics metrics() {
        return task.metrics();
    }

    @Override
    public <S extends StateStore> S getStateStore(String name) {
        return task.getStateStore(name);
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
        return task.schedule(interval, type, callback);
    }

    @Override
    public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
        return task.schedule(startTime, interval, type, callback);
    }

    @Override
    public void commit() {
        task.commit();
    }

    @Override
    public Map<String, Object> appConfigs() {
        return task.appConfigs();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
        return task.appConfigsWithPrefix(prefix);
    }

    @Override
    public long currentSystemTimeMs() {
        return task.currentSystemTimeMs();
    }

    @Override
    public long currentStreamTimeMs() {
        return task.currentStreamTimeMs();
    }
}
