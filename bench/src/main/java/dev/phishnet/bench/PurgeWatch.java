package dev.phishnet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The audit log's size sampled every {@code every} while a purge runs: when the first documents went (the purge
 * {@link #started()}), when it {@link #finished()} (the caller's condition), and the count over time between, from
 * which the rate follows.
 */
final class PurgeWatch implements AutoCloseable {

    /** One sample: nanoTime and the collection's size then. */
    record Sample(long nanos, long total) {
    }

    /** What the samples say: when deleting started and ended, and how many went meanwhile. */
    record Summary(long deleted, double seconds, List<Sample> samples) {

        double perSecond() {
            return seconds > 0 ? deleted / seconds : Double.NaN;
        }
    }

    private final AuditLogs logs;
    private final long before;
    private final BooleanSupplier done;
    private final List<Sample> samples = new ArrayList<>();
    private final CompletableFuture<Long> started = new CompletableFuture<>();
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private final ScheduledExecutorService timer;

    /** {@code before}: the size before the purge; {@code done}: asked at each sample once the purge started. */
    PurgeWatch(AuditLogs logs, long before, BooleanSupplier done, Duration every) {
        this.logs = logs;
        this.before = before;
        this.done = done;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "purge-watch");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes (with its nanoTime) at the first sample below the size before. */
    CompletableFuture<Long> started() {
        return started;
    }

    /** Completes (with its nanoTime) at the first sample after the start at which {@code done} holds. */
    CompletableFuture<Long> finished() {
        return finished;
    }

    private void sample() {
        try {
            long total = logs.total();
            long now = System.nanoTime();
            synchronized (samples) {
                samples.add(new Sample(now, total));
            }
            if (total < before) {
                started.complete(now);
            }
            if (started.isDone() && !finished.isDone() && done.getAsBoolean()) {
                finished.complete(now);
            }
        } catch (RuntimeException e) {
            // A sample lost to a slow answer: the next one counts.
            System.err.println("purge watch: " + e.getMessage());
        }
    }

    /**
     * From the first sample below the size before to the finish (or to the last sample, for a purge that has not
     * finished), by the samples' own times.
     */
    Summary summary() {
        List<Sample> copy;
        synchronized (samples) {
            copy = List.copyOf(samples);
        }
        if (!started.isDone() || copy.isEmpty()) {
            return new Summary(0, Double.NaN, copy);
        }
        long from = started.join();
        long to = finished.isDone() ? finished.join() : copy.get(copy.size() - 1).nanos();
        // The last sample at the size before is when deleting started at the latest; the first below it, the earliest.
        long lastBefore = copy.stream().filter(sample -> sample.nanos() < from).mapToLong(Sample::nanos).max()
                .orElse(from);
        long lowest = copy.stream().filter(sample -> sample.nanos() <= to).mapToLong(Sample::total).min()
                .orElse(before);
        return new Summary(before - lowest, (to - lastBefore) / 1e9, copy);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
