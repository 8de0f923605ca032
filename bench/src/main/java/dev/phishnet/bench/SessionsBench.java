package dev.phishnet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code java -jar bench.jar sessions}: on the real stack (./run.sh on free ports), in one run, (a) password logins
 * against the raw Argon2 verifications they cannot beat, (b) token refreshes against the no-op WebFlux peer, both per
 * core of what command-api actually used, (c) how fast a logout on one command-api instance reaches a second one,
 * against raw Kafka produce-to-consume, and (d) how late idle sessions expire.
 */
@Command(name = "sessions", mixinStandardHelpOptions = true,
        description = "Logins, refreshes, revocation propagation across two command-api instances and expiry lateness, "
                + "on the real stack, each beside its floor.")
final class SessionsBench implements Callable<Integer> {

    enum Part { LOGINS, REFRESH, REVOCATION, EXPIRY }

    @Option(names = "--duration", defaultValue = "30s", converter = UsersBench.DurationConverter.class,
            description = "Measured time of each closed loop and of the Argon2 floor (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", converter = UsersBench.DurationConverter.class,
            description = "Load before the measured window, excluded from the numbers (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--concurrency", defaultValue = "8", split = ",",
            description = "Logins / refreshes in flight; a list runs each (default ${DEFAULT-VALUE}).")
    List<Integer> concurrency;

    @Option(names = "--login-users", defaultValue = "0",
            description = "Users the login loop signs in, round robin (default: 50 x the highest concurrency). Past 5"
                    + " logins a user's next one evicts their oldest session, as for any user.")
    int loginUsers;

    @Option(names = "--sessions", defaultValue = "200",
            description = "Sessions whose revocation is timed across the two instances (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--revocation-concurrency", defaultValue = "4",
            description = "Sessions timed at once (default ${DEFAULT-VALUE}).")
    int revocationConcurrency;

    @Option(names = "--poll-interval", defaultValue = "5ms", converter = UsersBench.DurationConverter.class,
            description = "Gap between two GETs on the second instance (default ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--expiring", defaultValue = "100",
            description = "Sessions given a 1-minute idle timeout, whose expiry is timed (default ${DEFAULT-VALUE}).")
    int expiring;

    @Option(names = "--parts", defaultValue = "logins,refresh,revocation,expiry", split = ",",
            description = "Which parts to run (default ${DEFAULT-VALUE}).")
    List<Part> parts;

    @Option(names = "--root", defaultValue = ".", description = "The repository (where run.sh is).")
    Path root;

    @Option(names = "--start-timeout", defaultValue = "300s", converter = UsersBench.DurationConverter.class)
    Duration startTimeout;

    // picocli: a negatable option that defaults to true is declared by its negative name (else --no-x sets true).
    @Option(names = "--no-snapshots", defaultValue = "true", negatable = true,
            description = "Print a 'top' snapshot from the middle of each measured window (default ${DEFAULT-VALUE}).")
    boolean snapshots;

    @Option(names = "--jfr", description = "Record a JFR profile of command-api over each login and refresh window into"
            + " this directory (its own run: profiling costs CPU, so do not take that run's numbers).")
    Path jfrDir;

    private static final int IDLE_MINUTES = 1;
    private static final int WARM_UP_SESSIONS = 20;

    private final List<String> snapshotLog = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();
    private final StringBuilder verdicts = new StringBuilder();

    @Override
    public Integer call() throws Exception {
        Path rootDir = root.toAbsolutePath().normalize();
        if (!Files.isExecutable(rootDir.resolve("run.sh"))) {
            throw new IllegalArgumentException("no run.sh in " + rootDir + ": run from the repository or pass --root");
        }
        int maxConcurrency = concurrency.stream().mapToInt(Integer::intValue).max().orElseThrow();
        int loginUserCount = loginUsers > 0 ? loginUsers : 50 * maxConcurrency;
        var started = OffsetDateTime.now(ZoneOffset.UTC);
        System.out.printf("bench sessions: parts %s, duration %s, warm-up %s, concurrency %s, %d login users,"
                + " %d revocations (%d at once, poll every %d ms), %d expiring sessions%n", parts, duration, warmup,
                concurrency, loginUserCount, sessions, revocationConcurrency, pollInterval.toMillis(), expiring);
        String machine = Machine.describe();
        System.out.println(machine);

        var pool = ConnectionProvider.builder("bench").maxConnections(4 * maxConcurrency + 64)
                .pendingAcquireMaxCount(-1).build();
        var client = HttpClient.create(pool).keepAlive(true);
        var loop = new ClosedLoop(client);
        var calls = new AuthCalls(client);
        var cleanup = new Cleanup();
        Runtime.getRuntime().addShutdownHook(new Thread(cleanup::run, "bench-cleanup"));
        try {
            System.out.println("starting ./run.sh on free ports ...");
            long t0 = System.nanoTime();
            LocalStack stack = LocalStack.start(rootDir, startTimeout);
            cleanup.stack = stack;
            System.out.printf("stack up in %.0f s (data %s)%n", (System.nanoTime() - t0) / 1e9, stack.dataDir());
            String api = stack.apiUrl();
            var topics = new StackTopics(stack.kafkaBootstrap(), stack.registryUrl());
            Supplier<Map<String, Long>> pids = () -> {
                Map<String, Long> named = new LinkedHashMap<>(stack.pids());
                named.put("bench client", ProcessHandle.current().pid());
                PeerServer peer = cleanup.peer;
                if (peer != null) {
                    named.put("no-op peer", peer.pid());
                }
                return named;
            };

            // Every user up front, one group per part, so that no part evicts a session another one still uses.
            System.out.println("registering users ...");
            List<BenchUsers.Account> loginAccounts = parts.contains(Part.LOGINS)
                    ? BenchUsers.accounts(client, api, "login", loginUserCount) : List.of();
            List<BenchUsers.Account> refreshAccounts = parts.contains(Part.REFRESH)
                    ? BenchUsers.accounts(client, api, "refresh", maxConcurrency) : List.of();
            List<BenchUsers.Account> revocationAccounts = parts.contains(Part.REVOCATION)
                    ? BenchUsers.accounts(client, api, "revoke", 2 * revocationConcurrency) : List.of();
            List<BenchUsers.Account> expiryAccounts = parts.contains(Part.EXPIRY)
                    ? BenchUsers.accounts(client, api, "expire", expiring) : List.of();
            System.out.printf("registered %d users%n", loginAccounts.size() + refreshAccounts.size()
                    + revocationAccounts.size() + expiryAccounts.size());

            if (parts.contains(Part.LOGINS)) {
                logins(stack, loop, topics, loginAccounts, pids);
            }
            if (parts.contains(Part.REFRESH)) {
                refreshes(stack, loop, calls, refreshAccounts, pids, cleanup);
            }
            if (parts.contains(Part.REVOCATION)) {
                revocation(stack, calls, revocationAccounts, pids, cleanup);
            }
            if (parts.contains(Part.EXPIRY)) {
                expiry(stack, calls, topics, expiryAccounts, pids);
            }
        } finally {
            cleanup.run();
            pool.dispose();
        }
        System.out.println();
        System.out.println("started " + started + ", command: java -jar bench/target/bench.jar sessions --duration "
                + duration.toSeconds() + "s --warmup " + warmup.toSeconds() + "s --concurrency "
                + String.join(",", concurrency.stream().map(String::valueOf).toList()) + " --sessions " + sessions
                + " --revocation-concurrency " + revocationConcurrency + " --expiring " + expiring);
        System.out.println(machine);
        System.out.print(report);
        System.out.printf("%nTargets (issue 5, point 10)%n%s", verdicts);
        snapshotLog.forEach(System.out::print);
        return 0;
    }

    // ---- (a) logins ------------------------------------------------------------------------------------------

    private void logins(LocalStack stack, ClosedLoop loop, StackTopics topics, List<BenchUsers.Account> accounts,
            Supplier<Map<String, Long>> pids) throws Exception {
        String hash = topics.storedPasswordHash(accounts.get(0).id(), Duration.ofSeconds(60));
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf("(a) Argon2 floor: %s, %d threads in this JVM ...%n", Argon2Floor.parameters(hash), threads);
        snapshotMidway("Argon2 floor", stack, null);
        CompletableFuture<CpuMeter.Use> floorCpu = CpuMeter.window(pids, warmup, duration);
        Argon2Floor.Result floor = Argon2Floor.run(hash, BenchUsers.PASSWORD, threads, warmup, duration);

        var section = new StringBuilder();
        var cpuLines = new StringBuilder();
        section.append(String.format("%n(a) Password logins; Argon2 as command-api stored it: %s%n",
                floor.parameters()));
        // Per core of the whole bench JVM (GC and JIT included), as command-api's is of its whole process.
        CpuMeter.Use floorUse = floorCpu.get();
        double floorCores = floorUse.of("bench client");
        double floorPerCore = floor.perSecond() / floorCores;
        section.append(SessionsTable.header()).append(SessionsTable.argon2(floor, floorCores));
        cpuLines.append(String.format("  CPU, Argon2 floor window: %s%n", floorUse.describe()));
        cpuLines.append(String.format("  Argon2 floor: %.1f per CPU second of the verifying threads alone (%.2f cores)%n",
                floor.perCore(), floor.cores()));
        String url = stack.apiUrl() + "/api/v1/auth/login";
        for (int c : concurrency) {
            System.out.printf("(a) POST /auth/login, concurrency %d ...%n", c);
            snapshotMidway("logins c=" + c, stack, null);
            var next = new AtomicLong();
            recordJfr("logins-c" + c, stack);
            CompletableFuture<CpuMeter.Use> cpu = CpuMeter.window(pids, warmup, duration);
            ScenarioResult result = loop.run("POST /auth/login", c, warmup, duration, 0, worker -> {
                var account = accounts.get((int) (next.getAndIncrement() % accounts.size()));
                return new ClosedLoop.Call(HttpMethod.POST, url, null, AuthCalls.loginBody(account.email()), null);
            });
            CpuMeter.Use use = cpu.get();
            double cores = use.of("command-api");
            section.append(SessionsTable.loop(result, cores)).append(SessionsTable.errors(result));
            cpuLines.append(String.format("  CPU, logins c=%d window: %s%n", c, use.describe()));
            cpuLines.append(String.format("  c=%d: %d logins over %d users in the window, %d in all with the warm-up"
                    + " (past 5 per user, each login evicts that user's oldest session)%n", c, result.ok(),
                    accounts.size(), next.get()));
            verdicts.append(String.format("  (a) logins per command-api core, c=%d: %s; Argon2 floor %.1f per core:"
                    + " logins reach %.0f%% of it%n", c,
                    SessionsTable.atLeast(result.requestsPerSecond() / cores, SessionsTable.TARGET_LOGINS_PER_CORE),
                    floorPerCore, 100 * (result.requestsPerSecond() / cores) / floorPerCore));
        }
        report.append(section).append(cpuLines);
        System.out.print(section.append(cpuLines));
    }

    // ---- (b) refreshes ---------------------------------------------------------------------------------------

    private void refreshes(LocalStack stack, ClosedLoop loop, AuthCalls calls, List<BenchUsers.Account> accounts,
            Supplier<Map<String, Long>> pids, Cleanup cleanup) throws Exception {
        String api = stack.apiUrl();
        // The peer answers tokens as long as the stack's: measure them on one real login.
        AuthCalls.Tokens sample = calls.login(api, accounts.get(0).email()).block(Duration.ofSeconds(30));
        var section = new StringBuilder();
        var cpuLines = new StringBuilder();
        section.append(String.format("%n(b) Token refreshes, one chain per slot (each answer's refresh token is the"
                + " slot's next request)%n")).append(SessionsTable.header());

        Path peerLog = Files.createTempFile("phishnet-bench-noop-", ".log");
        PeerServer peer = PeerServer.start(peerLog, Duration.ofSeconds(120), List.of("--access-token-size",
                Integer.toString(sample.accessToken().length()), "--refresh-token-size",
                Integer.toString(sample.refreshToken().length())));
        cleanup.peer = peer;
        Map<Integer, ScenarioResult> peerResults = new LinkedHashMap<>();
        Map<Integer, Double> peerCores = new LinkedHashMap<>();
        try {
            for (int c : concurrency) {
                System.out.printf("(b) no-op refresh (peer), concurrency %d ...%n", c);
                snapshotMidway("no-op refresh c=" + c, stack, peer);
                List<AtomicReference<String>> chains = new ArrayList<>();
                for (int i = 0; i < c; i++) {
                    chains.add(new AtomicReference<>(sample.refreshToken()));
                }
                CompletableFuture<CpuMeter.Use> cpu = CpuMeter.window(pids, warmup, duration);
                ScenarioResult result = loop.run("no-op refresh (peer)", c, warmup, duration, 0,
                        worker -> chained(peer.url() + "/noop/refresh", chains.get(worker)));
                CpuMeter.Use use = cpu.get();
                peerResults.put(c, result);
                peerCores.put(c, use.of("no-op peer"));
                section.append(SessionsTable.loop(result, use.of("no-op peer"))).append(SessionsTable.errors(result));
                cpuLines.append(String.format("  CPU, no-op refresh c=%d window: %s%n", c, use.describe()));
            }
        } finally {
            cleanup.peer = null;
            peer.close();
        }

        for (int c : concurrency) {
            System.out.printf("(b) POST /auth/refresh, concurrency %d ...%n", c);
            // A fresh chain per slot: one login each, for as many users (their only session but for the sample's).
            List<AtomicReference<String>> chains = Flux.fromIterable(accounts.subList(0, c))
                    .flatMapSequential(account -> calls.login(api, account.email()), c)
                    .map(tokens -> new AtomicReference<>(tokens.refreshToken()))
                    .collectList().block(Duration.ofMinutes(2));
            snapshotMidway("refresh c=" + c, stack, null);
            recordJfr("refresh-c" + c, stack);
            CompletableFuture<CpuMeter.Use> cpu = CpuMeter.window(pids, warmup, duration);
            ScenarioResult result = loop.run("POST /auth/refresh", c, warmup, duration, 0,
                    worker -> chained(api + "/api/v1/auth/refresh", chains.get(worker)));
            CpuMeter.Use use = cpu.get();
            double cores = use.of("command-api");
            section.append(SessionsTable.loop(result, cores)).append(SessionsTable.errors(result));
            cpuLines.append(String.format("  CPU, refresh c=%d window: %s%n", c, use.describe()));
            double perCore = result.requestsPerSecond() / cores;
            ScenarioResult noop = peerResults.get(c);
            verdicts.append(String.format("  (b) refreshes per command-api core, c=%d: %s; no-op peer %.0f per core:"
                    + " refreshes reach %.1f%% of it (%.1f%% of its rate)%n", c,
                    SessionsTable.atLeast(perCore, SessionsTable.TARGET_REFRESHES_PER_CORE),
                    noop.requestsPerSecond() / peerCores.get(c),
                    100 * perCore / (noop.requestsPerSecond() / peerCores.get(c)),
                    100 * result.requestsPerSecond() / noop.requestsPerSecond()));
        }
        report.append(section).append(cpuLines);
        System.out.print(section.append(cpuLines));
    }

    private static ClosedLoop.Call chained(String url, AtomicReference<String> chain) {
        return new ClosedLoop.Call(HttpMethod.POST, url, null, AuthCalls.refreshBody(chain.get()), null,
                body -> chain.set(AuthCalls.field(body, "refreshToken")));
    }

    // ---- (c) revocation propagation ----------------------------------------------------------------------------

    private void revocation(LocalStack stack, AuthCalls calls, List<BenchUsers.Account> accounts,
            Supplier<Map<String, Long>> pids, Cleanup cleanup) throws Exception {
        System.out.println("(c) starting a second command-api (same jar, environment and processor id) ...");
        long t0 = System.nanoTime();
        SecondInstance second = SecondInstance.start(stack, startTimeout);
        cleanup.second = second;
        var section = new StringBuilder();
        try {
            // B's arrival rebalanced A's processor too: both must run before anything is timed.
            SecondInstance.awaitProcessorRunning(stack.apiUrl(), Duration.ofMinutes(2));
            System.out.printf("(c) %s up at %s in %.0f s; warming up with %d sessions ...%n", SecondInstance.NAME,
                    second.url(), (System.nanoTime() - t0) / 1e9, WARM_UP_SESSIONS);
            var revocation = new Revocation(calls, stack.apiUrl(), second.url(), pollInterval);
            Revocation.Result warm = revocation.run(accounts, WARM_UP_SESSIONS, revocationConcurrency);
            if (warm.failureCount() > 0) {
                System.out.println("  warm-up failures: " + SessionsTable.counts(warm.failures()));
            }

            System.out.printf("(c) Kafka floor: %d transactional records, read_committed ...%n", sessions);
            CpuMeter.Snapshot kafkaFrom = CpuMeter.sample(pids.get());
            KafkaFloor.Result kafka = KafkaFloor.run(stack.kafkaBootstrap(), sessions, Duration.ofMillis(10));
            CpuMeter.Use kafkaCpu = CpuMeter.between(kafkaFrom, CpuMeter.sample(pids.get()));

            System.out.printf("(c) %d sessions: login on A, accepted on B, logout on A, 401 on B ...%n", sessions);
            snapshotDuring("revocation", stack, Duration.ofSeconds(5));
            CpuMeter.Snapshot from = CpuMeter.sample(pids.get());
            Revocation.Result result = revocation.run(accounts, sessions, revocationConcurrency);
            CpuMeter.Use use = CpuMeter.between(from, CpuMeter.sample(pids.get()));

            section.append(String.format("%n(c) Revocation propagation across two command-api instances: %d sessions,"
                    + " %d at a time, B polled every %d ms (GET /api/v1/users/{own id})%n", result.sessions(),
                    revocationConcurrency, pollInterval.toMillis()));
            section.append(SessionsTable.latencyHeader());
            section.append(SessionsTable.latency("propagation: A's logout answer -> B's 401", result.propagation()));
            section.append(SessionsTable.latency("logout on A (POST /auth/logout)", result.logout()));
            section.append(SessionsTable.latency("new token accepted on B (login answer ->)", result.acceptedOnB()));
            section.append(SessionsTable.latency("Kafka floor: send -> consumed (1 txn each)", kafka.sendToReceive()));
            section.append(SessionsTable.latency("Kafka floor: commit returned -> consumed (*)", kafka.commitToReceive()));
            section.append(String.format("  %d of %d sessions: B's first GET after the logout already answered 401%n",
                    result.alreadyEnded(), result.propagation().getTotalCount()));
            section.append("  (*) 0 when the consumer had the record before commitTransaction() returned\n");
            if (result.failureCount() > 0) {
                section.append("  failures: ").append(SessionsTable.counts(result.failures())).append('\n');
            }
            if (kafka.lost() > 0) {
                section.append(String.format("  Kafka floor: %d of %d records not consumed within 10 s%n",
                        kafka.lost(), kafka.samples()));
            }
            section.append(String.format("  CPU, revocation run (%.0f s): %s%n", use.seconds(), use.describe()));
            section.append(String.format("  CPU, Kafka floor (%.0f s): %s%n", kafkaCpu.seconds(), kafkaCpu.describe()));
            verdicts.append(String.format("  (c) revocation propagation p99: %s; Kafka floor (send -> consumed) p99"
                    + " %.1f ms%n", SessionsTable.atMost(SessionsTable.p99Ms(result.propagation()),
                    SessionsTable.TARGET_PROPAGATION_P99_MS), SessionsTable.p99Ms(kafka.sendToReceive())));
        } finally {
            System.out.printf("(c) stopping %s ...%n", SecondInstance.NAME);
            cleanup.second = null;
            second.close();
        }
        report.append(section);
        System.out.print(section);
    }

    // ---- (d) expiry lateness ----------------------------------------------------------------------------------

    private void expiry(LocalStack stack, AuthCalls calls, StackTopics topics, List<BenchUsers.Account> accounts,
            Supplier<Map<String, Long>> pids) throws Exception {
        SecondInstance.awaitProcessorRunning(stack.apiUrl(), Duration.ofMinutes(2));
        System.out.printf("(d) %d users: login, idle timeout %d min, login again; then wait for the expiries ...%n",
                accounts.size(), IDLE_MINUTES);
        snapshotDuring("expiry", stack, Duration.ofSeconds(IDLE_MINUTES * 60L + 10));
        CpuMeter.Snapshot from = CpuMeter.sample(pids.get());
        Expiry.Result result = new Expiry(calls, stack.apiUrl(), topics)
                .run(accounts, 4, IDLE_MINUTES, Duration.ofMinutes(2));
        CpuMeter.Use use = CpuMeter.between(from, CpuMeter.sample(pids.get()));

        var section = new StringBuilder();
        section.append(String.format("%n(d) Expiry lateness: %d users, idle timeout %d min, nothing refreshed%n",
                result.sessions(), IDLE_MINUTES));
        section.append(SessionsTable.latencyHeader());
        section.append(SessionsTable.latency("SessionExpired occurredAt - dueAt", result.lateness()));
        section.append(SessionsTable.latency("seen by a read_committed reader - dueAt", result.seenLate()));
        section.append(String.format("  %d sessions started (%d with an idle deadline of %d min), %d expired, %d expired"
                + " before dueAt%n", result.started(), result.idleDeadlines(), IDLE_MINUTES, result.expired(),
                result.early()));
        if (!result.otherEnds().isEmpty()) {
            section.append("  ended otherwise: ").append(SessionsTable.counts(result.otherEnds())).append('\n');
        }
        if (!result.failures().isEmpty()) {
            section.append("  failures: ").append(SessionsTable.counts(result.failures())).append('\n');
        }
        section.append(String.format("  CPU, from the first login to the last expiry (%.0f s): %s%n", use.seconds(),
                use.describe()));
        verdicts.append(String.format("  (d) expiry lateness p99 (occurredAt - dueAt): %s; as seen by a reader: p99"
                + " %.1f ms%n", SessionsTable.atMost(SessionsTable.p99Ms(result.lateness()),
                SessionsTable.TARGET_EXPIRY_P99_MS), SessionsTable.p99Ms(result.seenLate())));
        report.append(section);
        System.out.print(section);
    }

    // ---- snapshots and cleanup ---------------------------------------------------------------------------------

    private void snapshotMidway(String label, LocalStack stack, PeerServer peer) {
        snapshotAfter(label, stack, peer, warmup.plus(duration.dividedBy(2)));
    }

    private void snapshotDuring(String label, LocalStack stack, Duration after) {
        snapshotAfter(label, stack, null, after);
    }

    private void snapshotAfter(String label, LocalStack stack, PeerServer peer, Duration delay) {
        if (!snapshots) {
            return;
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "top-snapshot");
            thread.setDaemon(true);
            return thread;
        });
        timer.schedule(() -> {
            String legend = Machine.legend(stack, peer);
            String top = Machine.top();
            synchronized (snapshotLog) {
                snapshotLog.add("\n--- top, " + label + " (" + legend + ")\n" + top);
            }
            timer.shutdown();
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** JFR.start on command-api for the coming measured window (jcmd of this JVM's JDK), when --jfr asks for it. */
    private void recordJfr(String label, LocalStack stack) throws Exception {
        Long pid = stack.pids().get("command-api");
        if (jfrDir == null || pid == null) {
            return;
        }
        Files.createDirectories(jfrDir);
        Path file = jfrDir.toAbsolutePath().resolve("command-api-" + label + ".jfr");
        String jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd").toString();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "jfr-start");
            thread.setDaemon(true);
            return thread;
        });
        timer.schedule(() -> {
            try {
                var jcmdRun = new ProcessBuilder(jcmd, Long.toString(pid), "JFR.start", "name=bench-" + label,
                        "settings=profile", "duration=" + duration.toSeconds() + "s", "filename=" + file)
                        .redirectErrorStream(true).start();
                String output = new String(jcmdRun.getInputStream().readAllBytes());
                if (jcmdRun.waitFor() != 0) {
                    System.err.println("JFR.start failed: " + output);
                }
            } catch (Exception e) {
                System.err.println("JFR.start failed: " + e);
            }
            timer.shutdown();
        }, warmup.toMillis(), TimeUnit.MILLISECONDS);
        System.out.println("  JFR of command-api over the window: " + file);
    }

    /** Stops what this run started, also when the JVM is stopped early (Ctrl-C). Runs once. */
    private static final class Cleanup {
        volatile LocalStack stack;
        volatile PeerServer peer;
        volatile SecondInstance second;

        synchronized void run() {
            try {
                if (peer != null) {
                    peer.close();
                    peer = null;
                }
                if (second != null) {
                    second.close();
                    second = null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (stack != null) {
                System.out.println("stopping the stack (SIGINT to run.sh) ...");
                stack.close();
                stack = null;
                System.out.println("stopped.");
            }
        }
    }
}
