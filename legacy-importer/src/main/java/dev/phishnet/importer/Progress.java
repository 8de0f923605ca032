package dev.phishnet.importer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress bar on one refreshing line of stderr: records done of total, rate and ETA. Redrawn at most every
 * 200 ms so that drawing costs nothing next to the import.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastDrawNanos;

    Progress(PrintStream out, long total) {
        this.out = out;
        this.total = total;
    }

    synchronized void step() {
        done++;
        long now = System.nanoTime();
        if (now - lastDrawNanos > 200_000_000L || done == total) {
            lastDrawNanos = now;
            out.print("\r" + line(done, total, Duration.ofNanos(now - startNanos)));
            out.flush();
        }
    }

    synchronized void finish() {
        out.print("\r" + line(done, total, Duration.ofNanos(System.nanoTime() - startNanos)) + System.lineSeparator());
        out.flush();
    }

    /** The line for {@code done} of {@code total} after {@code elapsed}: bar, counts, records/s and ETA. */
    static String line(long done, long total, Duration elapsed) {
        double fraction = total == 0 ? 1 : (double) done / total;
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        double rate = done / seconds;
        String eta = rate > 0 ? format(Duration.ofSeconds((long) Math.ceil((total - done) / rate))) : "--:--";
        return String.format(Locale.ROOT, "[%s%s] %3d%% %d/%d  %.0f rec/s  ETA %s ", "#".repeat(filled),
                " ".repeat(WIDTH - filled), Math.round(fraction * 100), done, total, rate, eta);
    }

    private static String format(Duration duration) {
        long seconds = duration.getSeconds();
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}
