package dev.phishnet.projector.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Told after each successful flush of a projection, for metrics. */
@FunctionalInterface
public interface FlushListener {

    FlushListener NONE = (projection, records, writes) -> { };

    /**
     * @param projection the read model written
     * @param records input records applied since the last flush
     * @param writes documents written for them (several records of one document coalesce into one write)
     */
    void flushed(String projection, int records, int writes);

    /** {@code projector.records.applied} and {@code projector.documents.written}, per projection. */
    static FlushListener metered(MeterRegistry meters) {
        return (projection, records, writes) -> {
            Counter.builder("projector.records.applied").tag("projection", projection)
                    .description("Input records applied to a read model (flushed to MongoDB)")
                    .register(meters).increment(records);
            Counter.builder("projector.documents.written").tag("projection", projection)
                    .description("Document writes sent to MongoDB after coalescing")
                    .register(meters).increment(writes);
        };
    }
}
