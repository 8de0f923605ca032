package dev.phishnet.projector.streams;

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
}
