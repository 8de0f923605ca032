package dev.phishnet.projector.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * One measurement of a generation's progress over every partition its applications read.
 *
 * @param checkpoint the sum of the partitions' checkpoints
 * @param endOffset the sum of their end offsets
 * @param lag the sum of their lags: events still to apply
 * @param applied events applied since the log start, summed: what {@link #fraction()} counts
 * @param eventsPerSecond how fast the checkpoints moved since the previous measurement (0 for the first)
 * @param etaSeconds when the lag will be 0 at that rate; 0 with no lag, null while nothing moves
 */
public record RebuildProgress(Instant measuredAt, long checkpoint, long endOffset, long lag, long applied,
        long total, double eventsPerSecond, @Nullable Long etaSeconds, List<PartitionLag> partitions) {

    /** Totals of the partitions, with the rate since {@code previous} (null for a first measurement). */
    public static RebuildProgress of(List<PartitionLag> partitions, @Nullable RebuildProgress previous, Instant now) {
        long checkpoint = 0;
        long endOffset = 0;
        long lag = 0;
        long applied = 0;
        long total = 0;
        for (PartitionLag partition : partitions) {
            checkpoint += partition.checkpoint();
            endOffset += partition.endOffset();
            lag += partition.lag();
            applied += Math.max(0, partition.checkpoint() - partition.logStart());
            total += Math.max(0, partition.endOffset() - partition.logStart());
        }
        double rate = 0;
        if (previous != null) {
            double seconds = Duration.between(previous.measuredAt(), now).toMillis() / 1000.0;
            rate = seconds > 0 ? Math.max(0, checkpoint - previous.checkpoint()) / seconds : 0;
        }
        Long eta = lag == 0 ? Long.valueOf(0) : rate > 0 ? Long.valueOf((long) Math.ceil(lag / rate)) : null;
        return new RebuildProgress(now, checkpoint, endOffset, lag, applied, total, rate, eta,
                List.copyOf(partitions));
    }

    /** Applied over everything to apply, 0 to 1 (1 when there is nothing to apply). */
    public double fraction() {
        return total == 0 ? 1.0 : Math.min(1.0, (double) applied / total);
    }

    /**
     * Whether this generation has read, on every partition {@code other} reads, at least as far as {@code other}: a
     * switch from {@code other} to this generation then shows the queries nothing older than they saw.
     */
    public boolean notBehind(RebuildProgress other) {
        for (PartitionLag theirs : other.partitions()) {
            boolean covered = partitions.stream().anyMatch(ours -> ours.application().equals(theirs.application())
                    && ours.topic().equals(theirs.topic()) && ours.partition() == theirs.partition()
                    && ours.checkpoint() >= theirs.checkpoint());
            if (!covered) {
                return false;
            }
        }
        return true;
    }

    /** Whether the generation is close enough to the end of the topics to serve the queries. */
    public boolean caughtUp(long switchLag) {
        return lag <= switchLag;
    }

    Document toDocument() {
        return new Document("measuredAt", Date.from(measuredAt)).append("checkpoint", checkpoint)
                .append("endOffset", endOffset).append("lag", lag).append("applied", applied).append("total", total)
                .append("fraction", fraction()).append("eventsPerSecond", eventsPerSecond)
                .append("etaSeconds", etaSeconds)
                .append("partitions", partitions.stream().map(PartitionLag::toDocument).toList());
    }

    /** The progress line the projector logs during a rebuild. */
    String describe(int generation) {
        return String.format(java.util.Locale.ROOT,
                "Rebuild of generation %d: %d of %d events applied (%.1f%%), lag %d, %.0f events/s, ETA %s",
                generation, applied, total, fraction() * 100, lag, eventsPerSecond,
                etaSeconds == null ? "unknown" : etaSeconds + " s");
    }
}
