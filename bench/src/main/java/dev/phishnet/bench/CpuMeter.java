package dev.phishnet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * CPU time actually used in a window, from Linux's accounting: per named process (utime + stime of
 * /proc/&lt;pid&gt;/stat, all its threads) and for the whole machine (/proc/stat). "Per core" figures divide by what a
 * process used, not by the cores the machine has, so that a loaded machine does not make a service look cheaper or
 * dearer than it is.
 */
final class CpuMeter {

    /** USER_HZ: the unit of /proc's CPU times (100 on every Linux build we know; asked once all the same). */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private CpuMeter() {
    }

    /** CPU ticks per named process and of the machine at one moment. */
    record Snapshot(long nanoTime, Map<String, Long> ticks, long machineBusy, long machineTotal) {
    }

    /**
     * What the window used, in cores (CPU seconds per second of the window).
     *
     * @param cores        per named process; a process that ended inside the window is missing
     * @param machineBusy  all processes and the kernel, of {@code machineCores}
     */
    record Use(double seconds, Map<String, Double> cores, double machineBusy, int machineCores) {

        double of(String name) {
            return cores.getOrDefault(name, Double.NaN);
        }

        /** Everything that is not one of the named processes: other sessions' builds and tests, the kernel. */
        double others() {
            return machineBusy - cores.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        String describe() {
            return String.format("%.2f of %d cores busy: %s, everything else %.2f", machineBusy, machineCores,
                    cores.entrySet().stream().map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
                            .collect(Collectors.joining(", ")),
                    others());
        }
    }

    static Snapshot sample(Map<String, Long> pids) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long used = processTicks(pid);
            if (used >= 0) {
                ticks.put(name, used);
            }
        });
        long[] machine = machineTicks();
        return new Snapshot(System.nanoTime(), ticks, machine[0], machine[1]);
    }

    static Use between(Snapshot from, Snapshot to) {
        double seconds = (to.nanoTime() - from.nanoTime()) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        to.ticks().forEach((name, ticks) -> {
            Long before = from.ticks().get(name);
            if (before != null) {
                cores.put(name, (ticks - before) / (double) TICKS_PER_SECOND / seconds);
            }
        });
        double total = to.machineTotal() - from.machineTotal();
        int machineCores = Runtime.getRuntime().availableProcessors();
        double busy = total <= 0 ? Double.NaN : (to.machineBusy() - from.machineBusy()) / total * machineCores;
        return new Use(seconds, cores, busy, machineCores);
    }

    /**
     * Samples at {@code warmup} and at {@code warmup + duration} from now: the measured window of a {@link ClosedLoop}
     * run started right after this call (its clock starts a few microseconds later).
     */
    static CompletableFuture<Use> window(Supplier<Map<String, Long>> pids, Duration warmup, Duration duration) {
        var result = new CompletableFuture<Use>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "cpu-meter");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime();
        timer.schedule(() -> {
            Snapshot from = sample(pids.get());
            long end = start + warmup.plus(duration).toNanos();
            timer.schedule(() -> {
                result.complete(between(from, sample(pids.get())));
                timer.shutdown();
            }, Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        }, warmup.toNanos(), TimeUnit.NANOSECONDS);
        return result;
    }

    /** utime + stime of all the process's threads; -1 when it is gone. */
    static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {busy, total} ticks of all cores: the first line of /proc/stat (idle and iowait are not busy). */
    private static long[] machineTicks() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = line.trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already inside user)
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    private static long ticksPerSecond() {
        try {
            var process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor();
            return Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
