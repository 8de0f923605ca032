package dev.phishnet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The floor of a password login: raw Argon2 verifications in this JVM, of a hash command-api stored (so with its
 * parameters, which the encoded hash carries), on as many threads as the machine has cores (command-api's hashing
 * scheduler has as many). {@link Result#perCore()} counts the verifying threads' CPU only; the bench divides by the
 * whole JVM's (GC and JIT included) for the floor it reports, as it does for command-api.
 */
final class Argon2Floor {

    /** The cost parameters of an encoded Argon2 hash ($argon2id$v=19$m=16384,t=1,p=1$salt$hash): not secret. */
    private static final Pattern PARAMETERS = Pattern.compile("^\\$(argon2\\w*)\\$v=(\\d+)\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$");
    private static final long HIGHEST_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

    record Result(String parameters, int threads, double seconds, long verifications, double cpuSeconds,
            Histogram latency) {

        double perSecond() {
            return verifications / seconds;
        }

        double cores() {
            return cpuSeconds / seconds;
        }

        double perCore() {
            return verifications / cpuSeconds;
        }
    }

    private Argon2Floor() {
    }

    static String parameters(String encodedHash) {
        Matcher matcher = PARAMETERS.matcher(encodedHash);
        if (!matcher.find()) {
            throw new IllegalStateException("the stored hash is not an encoded Argon2 hash");
        }
        return String.format("%s v=%s m=%s KiB t=%s p=%s", matcher.group(1), matcher.group(2), matcher.group(3),
                matcher.group(4), matcher.group(5));
    }

    static Result run(String encodedHash, String password, int threads, Duration warmup, Duration duration)
            throws InterruptedException {
        // Salt and hash lengths and the cost are read from the encoded hash by matches(); these only matter for encode.
        var encoder = new Argon2PasswordEncoder(16, 32, 1, 1 << 14, 1);
        if (!encoder.matches(password, encodedHash)) {
            throw new IllegalStateException("the bench password does not match the stored hash");
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long windowStart = start + warmup.toNanos();
        long windowEnd = windowStart + duration.toNanos();
        var latency = new ConcurrentHistogram(HIGHEST_MICROS, 3);
        var verifications = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            var worker = new Thread(() -> {
                while (true) {
                    long began = System.nanoTime();
                    if (began >= windowEnd) {
                        break;
                    }
                    boolean ok = encoder.matches(password, encodedHash);
                    long ended = System.nanoTime();
                    if (!ok) {
                        throw new IllegalStateException("a verification failed");
                    }
                    if (began >= windowStart && ended <= windowEnd) {
                        verifications.incrementAndGet();
                        latency.recordValue(Math.min((ended - began) / 1000, HIGHEST_MICROS));
                    }
                }
            }, "argon2-floor-" + i);
            workers.add(worker);
            worker.start();
        }
        // CPU read at the window's edges whatever is in flight, as for the stack's processes; counted are the
        // verifications that started and ended inside it, as in ClosedLoop.
        sleepUntil(windowStart);
        long cpuAtStart = cpuTime(cpu, workers);
        sleepUntil(windowEnd);
        long cpuAtEnd = cpuTime(cpu, workers);
        for (Thread worker : workers) {
            worker.join();
        }
        return new Result(parameters(encodedHash), threads, duration.toNanos() / 1e9, verifications.get(),
                (cpuAtEnd - cpuAtStart) / 1e9, latency.copy());
    }

    private static long cpuTime(ThreadMXBean cpu, List<Thread> threads) {
        return threads.stream().mapToLong(thread -> Math.max(0, cpu.getThreadCpuTime(thread.getId()))).sum();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
