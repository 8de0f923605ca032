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
import java.util.stream.Stream;

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

    /** CPU ticks per named process, of their JIT and GC threads, and of the machine at one moment. */
    record Snapshot(long nanoTime, Map<String, Long> ticks, Map<String, Long> jitTicks, Map<String, Long> gcTicks,
            long machineBusy, long machineTotal) {
    }

    /**
     * What the window used, in cores (CPU seconds per second of the window).
     *
     * @param cores        per named process; a process that ended inside the window is missing
     * @param jit          of that, the JIT compiler threads' (C1, C2): start-up cost, not the work's
     * @param gc           of that, the VM thread's and GC threads' (with SerialGC, collections run in the VM thread)
     * @param machineBusy  all processes and the kernel, of {@code machineCores}
     */
    record Use(double seconds, Map<String, Double> cores, Map<String, Double> jit, Map<String, Double> gc,
            double machineBusy, int machineCores) {

        double of(String name) {
            return cores.getOrDefault(name, Double.NaN);
        }

        /** Everything that is not one of the named processes: other sessions' builds and tests, the kernel. */
        double others() {
            return machineBusy - cores.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        String describe() {
            return String.format("%.2f of %d cores busy: %s, everything else %.2f", machineBusy, machineCores,
                    cores.entrySet().stream().map(e -> describe(e.getKey(), e.getValue()))
                            .collect(Collectors.joining(", ")),
                    others());
        }

        private String describe(String name, double used) {
            double compiling = jit.getOrDefault(name, 0.0);
            double collecting = gc.getOrDefault(name, 0.0);
            return used < 0.05 ? String.format("%s %.2f", name, used)
                    : String.format("%s %.2f (JIT %.2f, GC/VM %.2f)", name, used, compiling, collecting);
        }
    }

    static Snapshot sample(Map<String, Long> pids) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        Map<String, Long> jitTicks = new LinkedHashMap<>();
        Map<String, Long> gcTicks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            long used = processTicks(pid);
            if (used >= 0) {
                ticks.put(name, used);
                long[] threads = threadTicks(pid);
                jitTicks.put(name, threads[0]);
                gcTicks.put(name, threads[1]);
            }
        });
        long[] machine = machineTicks();
        return new Snapshot(System.nanoTime(), ticks, jitTicks, gcTicks, machine[0], machine[1]);
    }

    static Use between(Snapshot from, Snapshot to) {
        double seconds = (to.nanoTime() - from.nanoTime()) / 1e9;
        double total = to.machineTotal() - from.machineTotal();
        int machineCores = Runtime.getRuntime().availableProcessors();
        double busy = total <= 0 ? Double.NaN : (to.machineBusy() - from.machineBusy()) / total * machineCores;
        return new Use(seconds, cores(from.ticks(), to.ticks(), seconds), cores(from.jitTicks(), to.jitTicks(), seconds),
                cores(from.gcTicks(), to.gcTicks(), seconds), busy, machineCores);
    }

    private static Map<String, Double> cores(Map<String, Long> from, Map<String, Long> to, double seconds) {
        Map<String, Double> cores = new LinkedHashMap<>();
        to.forEach((name, ticks) -> {
            Long before = from.get(name);
            if (before != null) {
                cores.put(name, Math.max(0, ticks - before) / (double) TICKS_PER_SECOND / seconds);
            }
        });
        return cores;
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
            return ticksOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime of a /proc stat line (a process's or a thread's). */
    private static long ticksOf(String stat) {
        // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /**
     * {JIT, GC} ticks of a JVM's threads, by their names: "C1 CompilerThre", "C2 CompilerThre" (names are cut at 15
     * characters); "VM Thread", "GC Thread#n" and G1's. A thread that ended inside the window takes its ticks along.
     */
    private static long[] threadTicks(long pid) {
        long jit = 0;
        long gc = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name = Files.readString(task.resolve("comm")).trim();
                boolean compiling = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler");
                boolean collecting = name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ");
                if (compiling || collecting) {
                    long used = ticksOf(Files.readString(task.resolve("stat")));
                    if (compiling) {
                        jit += used;
                    } else {
                        gc += used;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process or a thread ended while we read: count what we have
        }
        return new long[] {jit, gc};
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
