package dev.phishnet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpMethod;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code java -jar bench.jar users}: starts the local stack (./run.sh on free ports, a temporary data directory),
 * measures the no-op WebFlux peer and then profile-update commands with the same client, concurrency and duration,
 * prints the table against the targets of issue 4 and stops everything it started.
 */
@Command(name = "bench.jar", mixinStandardHelpOptions = true, subcommands = {UsersBench.Users.class,
        SessionsBench.class, RetentionBench.class, RebuildBench.class, UsersBench.Noop.class, MemoryMongo.Serve.class}, description = "PhishNet benchmarks (README, \"Benchmarks\").")
public class UsersBench {

    static final double TARGET_SHARE_OF_NOOP = 0.30;
    static final double TARGET_ACCEPT_P99_MS = 150;
    static final double TARGET_VISIBLE_P99_MS = 300;

    public static void main(String[] args) {
        System.exit(new CommandLine(new UsersBench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Command(name = "noop-server", description = "The no-op peer server (started by 'users' and 'sessions' in its own JVM).")
    static class Noop implements Callable<Integer> {

        @Option(names = "--port", required = true)
        int port;

        @Option(names = "--access-token-size", defaultValue = "450",
                description = "Length of the access token /noop/refresh answers (the sessions bench passes the stack's).")
        int accessTokenSize;

        @Option(names = "--refresh-token-size", defaultValue = "120")
        int refreshTokenSize;

        @Override
        public Integer call() throws InterruptedException {
            NoopServer.run(port, accessTokenSize, refreshTokenSize);
            // main() exits with the command's status: serve until the JVM is stopped (SIGTERM from 'users').
            new java.util.concurrent.CountDownLatch(1).await();
            return 0;
        }
    }

    @Command(name = "users", mixinStandardHelpOptions = true,
            description = "No-op POST vs PATCH /api/v1/users/{id}/profile, side by side, on the real stack.")
    static class Users implements Callable<Integer> {

        @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
                description = "Measured time per scenario and concurrency (default ${DEFAULT-VALUE}).")
        Duration duration;

        @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
                description = "Load before the measured window, excluded from the numbers (default ${DEFAULT-VALUE}).")
        Duration warmup;

        @Option(names = "--concurrency", defaultValue = "32", split = ",",
                description = "Requests in flight; a list runs each (default ${DEFAULT-VALUE}).")
        List<Integer> concurrency;

        @Option(names = "--users", defaultValue = "0",
                description = "Users to register up front (default: 4 x the highest concurrency).")
        int users;

        @Option(names = "--visible-every", defaultValue = "10",
                description = "Probe the command-to-visible latency of every n-th accepted command (default ${DEFAULT-VALUE}).")
        int visibleEvery;

        @Option(names = "--root", defaultValue = ".", description = "The repository (where run.sh is).")
        Path root;

        @Option(names = "--start-timeout", defaultValue = "300s", converter = DurationConverter.class)
        Duration startTimeout;

        @Option(names = "--external", description = "Use a running stack instead of starting one.")
        boolean external;

        @Option(names = "--api-url", defaultValue = "http://127.0.0.1:8080", description = "With --external.")
        String apiUrl;

        @Option(names = "--issuer-url", defaultValue = "http://127.0.0.1:8090", description = "With --external.")
        String issuerUrl;

        // picocli: a negatable option that defaults to true is declared by its negative name (else --no-x sets true).
        @Option(names = "--no-snapshots", defaultValue = "true", negatable = true,
                description = "Print a 'top' snapshot from the middle of each measured window (default ${DEFAULT-VALUE}).")
        boolean snapshots;

        private final List<String> snapshotLog = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Path rootDir = root.toAbsolutePath().normalize();
            if (!external && !Files.isExecutable(rootDir.resolve("run.sh"))) {
                throw new IllegalArgumentException("no run.sh in " + rootDir + ": run from the repository or pass --root");
            }
            int maxConcurrency = concurrency.stream().mapToInt(Integer::intValue).max().orElseThrow();
            int userCount = users > 0 ? users : 4 * maxConcurrency;
            var started = OffsetDateTime.now(ZoneOffset.UTC);
            System.out.printf("bench users: duration %s, warm-up %s, concurrency %s, %d users, visible probe every %d%n",
                    duration, warmup, concurrency, userCount, visibleEvery);
            System.out.println(Machine.describe());

            LocalStack stack = null;
            PeerServer peer = null;
            var pool = ConnectionProvider.builder("bench").maxConnections(2 * maxConcurrency + 64)
                    .pendingAcquireMaxCount(-1).build();
            var client = HttpClient.create(pool).keepAlive(true);
            var loop = new ClosedLoop(client);
            List<ScenarioResult> noop = new ArrayList<>();
            List<ScenarioResult> commands = new ArrayList<>();
            var cleanup = new Cleanup();
            Runtime.getRuntime().addShutdownHook(new Thread(cleanup::run, "bench-cleanup"));
            try {
                if (!external) {
                    System.out.println("starting ./run.sh on free ports ...");
                    long t0 = System.nanoTime();
                    stack = LocalStack.start(rootDir, startTimeout);
                    cleanup.stack = stack;
                    apiUrl = stack.apiUrl();
                    issuerUrl = stack.issuerUrl();
                    System.out.printf("stack up in %.0f s (data %s)%n", (System.nanoTime() - t0) / 1e9, stack.dataDir());
                }
                // The same body for both: ~300 bytes of JSON whose values change with every request.
                var counter = new AtomicLong();

                Path peerLog = Files.createTempFile("phishnet-bench-noop-", ".log");
                peer = PeerServer.start(peerLog, Duration.ofSeconds(120));
                cleanup.peer = peer;
                String noopUrl = peer.url() + "/noop";
                String anyToken = "x".repeat(600); // a JWT's size, so that both scenarios send the same bytes
                for (int c : concurrency) {
                    System.out.printf("no-op POST, concurrency %d ...%n", c);
                    snapshotMidway("no-op POST c=" + c, stack, peer);
                    noop.add(loop.run("no-op POST (peer)", c, warmup, duration, 0,
                            worker -> new ClosedLoop.Call(HttpMethod.POST, noopUrl, anyToken,
                                    ProfileBodies.next(counter.incrementAndGet()), null)));
                }
                peer.close();
                cleanup.peer = null;
                peer = null;

                System.out.printf("registering %d users and minting their tokens ...%n", userCount);
                var benchUsers = BenchUsers.register(client, apiUrl, issuerUrl, userCount);
                String api = apiUrl;
                for (int c : concurrency) {
                    System.out.printf("PATCH profile, concurrency %d ...%n", c);
                    snapshotMidway("PATCH profile c=" + c, stack, null);
                    var next = new AtomicLong();
                    commands.add(loop.run("PATCH profile", c, warmup, duration, visibleEvery, worker -> {
                        // Round robin over all users: concurrent commands mostly hit different aggregates.
                        var user = benchUsers.get((int) (next.getAndIncrement() % benchUsers.size()));
                        String userUri = api + "/api/v1/users/" + user.id();
                        return new ClosedLoop.Call(HttpMethod.PATCH, userUri + "/profile", user.token(),
                                ProfileBodies.next(counter.incrementAndGet()),
                                new ClosedLoop.Probe(userUri, user.token()));
                    }));
                }
            } finally {
                if (peer != null) {
                    peer.close();
                }
                if (stack != null) {
                    System.out.println("stopping the stack (SIGINT to run.sh) ...");
                    stack.close();
                    System.out.println("stopped.");
                }
                cleanup.stack = null;
                cleanup.peer = null;
                pool.dispose();
            }
            System.out.println();
            System.out.println("started " + started + ", command: java -jar bench/target/bench.jar users --duration "
                    + duration.toSeconds() + "s --warmup " + warmup.toSeconds() + "s --concurrency "
                    + String.join(",", concurrency.stream().map(String::valueOf).toList()));
            System.out.print(ResultTable.render(noop, commands));
            snapshotLog.forEach(System.out::print);
            return 0;
        }

        private void snapshotMidway(String label, LocalStack stack, PeerServer peer) {
            if (!snapshots) {
                return;
            }
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                var thread = new Thread(runnable, "top-snapshot");
                thread.setDaemon(true);
                return thread;
            });
            long delay = warmup.plus(duration.dividedBy(2)).toMillis();
            String legend = Machine.legend(stack, peer);
            timer.schedule(() -> {
                String top = Machine.top();
                synchronized (snapshotLog) {
                    snapshotLog.add("\n--- top, middle of " + label + " (" + legend + ")\n" + top);
                }
                timer.shutdown();
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops what this run started when the JVM is stopped early (Ctrl-C). */
    private static final class Cleanup {
        volatile LocalStack stack;
        volatile PeerServer peer;

        void run() {
            try {
                if (peer != null) {
                    peer.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (stack != null) {
                stack.close();
            }
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                default -> throw new CommandLine.TypeConversionException("'" + value + "': use e.g. 500ms, 30s, 2m");
            };
        }
    }

    private UsersBench() {
    }
}
