package dev.phishnet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpMethod;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code java -jar bench.jar retention}: on the real stack (./run.sh on free ports), in one run, an admin's audit
 * queries (a) with nothing being deleted, (b) while the stack's retention purges the tenant's old audit log (the
 * cleanup-worker's run, the projector's batched purger), and (c) while the peer, one unbatched {@code deleteMany}
 * issued with the MongoDB driver, deletes as many documents again: the query latency each time and the purge rates.
 */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Audit queries before and during the purge of a tenant's old audit log: the stack's batched "
                + "retention purge, and one unbatched deleteMany as its peer, on the real stack.")
final class RetentionBench implements Callable<Integer> {

    static final double TARGET_P99_RATIO = 1.5;
    static final String TENANT = "bench-retention";
    private static final String OLD = "bench-old";
    private static final String PEER_OLD = "bench-old-again";
    private static final String RECENT = "bench-recent";
    /** The old entries occurred from this long ago back over {@link #OLD_SPREAD}: all past the 90-day period. */
    private static final Duration OLD_AGE = Duration.ofDays(100);
    private static final Duration OLD_SPREAD = Duration.ofDays(10);
    private static final Duration AUDIT_LOGS_PERIOD = Duration.ofDays(90);
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    @Option(names = "--documents", defaultValue = "1000000",
            description = "Old audit entries the purge deletes, in each of the two purges (default ${DEFAULT-VALUE}).")
    int documents;

    @Option(names = "--recent", defaultValue = "1000",
            description = "Entries of the last minutes, which must survive (default ${DEFAULT-VALUE}).")
    int recent;

    @Option(names = "--resources", defaultValue = "5000",
            description = "Distinct resource ids the entries are about (default ${DEFAULT-VALUE}).")
    int resources;

    @Option(names = "--concurrency", defaultValue = "4",
            description = "Audit queries in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--duration", defaultValue = "30s", converter = UsersBench.DurationConverter.class,
            description = "Measured time of the baseline (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", converter = UsersBench.DurationConverter.class,
            description = "Queries before the baseline's window, excluded (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--check-interval", defaultValue = "5s", converter = UsersBench.DurationConverter.class,
            description = "The cleanup-worker's platform.retention.check-interval (default ${DEFAULT-VALUE}).")
    Duration checkInterval;

    @Option(names = "--purge-timeout", defaultValue = "60m", converter = UsersBench.DurationConverter.class,
            description = "Longest wait for a purge, and for the projector to write the entries (default "
                    + "${DEFAULT-VALUE}).")
    Duration purgeTimeout;

    @Option(names = "--request-timeout", defaultValue = "120s", converter = UsersBench.DurationConverter.class,
            description = "A query not answered within this counts as an error (at most 2 minutes; default "
                    + "${DEFAULT-VALUE}).")
    Duration requestTimeout;

    @Option(names = "--support-java-opts", defaultValue = "-Xmx4g -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            description = "JVM options of local-support, whose mongo-java-server holds the audit log in its heap while "
                    + "it sorts (run.sh's default -Xmx128m cannot hold a sort of this many; default ${DEFAULT-VALUE}).")
    String supportJavaOpts;

    @Option(names = "--root", defaultValue = ".", description = "The repository (where run.sh is).")
    Path root;

    @Option(names = "--start-timeout", defaultValue = "300s", converter = UsersBench.DurationConverter.class)
    Duration startTimeout;

    private final StringBuilder report = new StringBuilder();

    @Override
    public Integer call() throws Exception {
        Path rootDir = root.toAbsolutePath().normalize();
        if (!Files.isExecutable(rootDir.resolve("run.sh"))) {
            throw new IllegalArgumentException("no run.sh in " + rootDir + ": run from the repository or pass --root");
        }
        var started = OffsetDateTime.now(ZoneOffset.UTC);
        String command = String.format("java -jar bench/target/bench.jar retention --documents %d --recent %d"
                + " --resources %d --concurrency %d --duration %ds --warmup %ds --check-interval %ds", documents,
                recent, resources, concurrency, duration.toSeconds(), warmup.toSeconds(), checkInterval.toSeconds());
        System.out.println("bench retention: " + command);
        String machine = Machine.describe();
        System.out.println(machine);

        var pool = ConnectionProvider.builder("bench").maxConnections(4 * concurrency + 16)
                .pendingAcquireMaxCount(-1).build();
        var client = HttpClient.create(pool).keepAlive(true);
        var loop = new ClosedLoop(client, requestTimeout);
        var cleanup = new Cleanup();
        Runtime.getRuntime().addShutdownHook(new Thread(cleanup::run, "bench-cleanup"));
        try {
            // Without the cleanup-worker: it would purge the seeded entries before the baseline was measured. The
            // bench starts it (with a short check interval) once the baseline is in.
            System.out.println("starting ./run.sh on free ports, without the cleanup-worker ...");
            long t0 = System.nanoTime();
            LocalStack stack = LocalStack.start(rootDir, startTimeout, Map.of("PHISHNET_SERVICES",
                    "command-api projector", "PHISHNET_SUPPORT_JAVA_OPTS", supportJavaOpts));
            cleanup.stack = stack;
            System.out.printf("stack up in %.0f s (data %s)%n", (System.nanoTime() - t0) / 1e9, stack.dataDir());
            Supplier<Map<String, Long>> pids = () -> {
                Map<String, Long> named = new LinkedHashMap<>(stack.pids());
                named.put("bench client", ProcessHandle.current().pid());
                return named;
            };
            String token = adminToken(client, stack.issuerUrl());
            var logs = new AuditLogs(stack.mongoUri(), TENANT, purgeTimeout);
            cleanup.logs = logs;
            var seed = new AuditSeed(stack.kafkaBootstrap(), stack.registryUrl(), TENANT, resources);
            Instant now = Instant.now();
            Instant cutoff = auditLogsCutoff(now);
            IntFunction<ClosedLoop.Call> queries = queries(stack.apiUrl(), token, now);

            seed(seed, logs, OLD, documents, now.minus(OLD_AGE), OLD_SPREAD, 0);
            seed(seed, logs, RECENT, recent, now.minus(Duration.ofMinutes(1)), Duration.ofMinutes(30), documents);

            System.out.printf("(a) baseline: GET /api/v1/audit, concurrency %d, %s warm-up + %s ...%n", concurrency,
                    warmup, duration);
            CompletableFuture<CpuMeter.Use> baselineCpu = CpuMeter.window(pids, warmup, duration);
            // Counted by send time, as the windows during the purges are (a query may take seconds here).
            var opened = new CompletableFuture<Void>().completeOnTimeout(null, warmup.toMillis(),
                    TimeUnit.MILLISECONDS);
            var closed = new CompletableFuture<Void>().completeOnTimeout(null, warmup.plus(duration).toMillis(),
                    TimeUnit.MILLISECONDS);
            ScenarioResult baseline = loop.run("no purge (baseline)", concurrency,
                    ClosedLoop.Window.between(opened, closed, warmup.plus(duration).multipliedBy(2)), 0, queries);
            report.append(RetentionTable.header()).append(RetentionTable.row(baseline, Double.NaN));
            System.out.print(RetentionTable.header() + RetentionTable.row(baseline, Double.NaN)
                    + RetentionTable.errors(baseline));
            String baselineCpuLine = String.format("  CPU, baseline window: %s%n", baselineCpu.get().describe());

            Purge batched = batchedPurge(stack, rootDir, loop, logs, queries, pids, cutoff, cleanup);
            report.append(RetentionTable.row(batched.queries(), p99Ratio(batched.queries(), baseline)));
            // A purge still running in the projector would delete the peer's entries too: no peer then.
            Purge peer = batched.finished() ? peerPurge(seed, loop, logs, queries, pids, cutoff, now) : null;
            if (peer != null) {
                report.append(RetentionTable.row(peer.queries(), p99Ratio(peer.queries(), baseline)));
            }
            report.append(RetentionTable.errors(baseline)).append(RetentionTable.errors(batched.queries()))
                    .append(peer == null ? "" : RetentionTable.errors(peer.queries()));
            report.append(String.format("%n")).append(batched.lines())
                    .append(peer == null ? "No peer: the batched purge had not finished.\n" : peer.lines())
                    .append(baselineCpuLine).append(batched.cpuLine()).append(peer == null ? "" : peer.cpuLine());
            report.append(String.format("%nTarget (issue 6, point 7): query p99 during the purge <= %.1fx without%n",
                    TARGET_P99_RATIO));
            report.append(RetentionTable.verdict("batched purge (the stack)", batched.queries(), baseline));
            if (peer != null) {
                report.append(RetentionTable.verdict("one deleteMany (peer)", peer.queries(), baseline));
            }
        } catch (Exception | Error e) {
            cleanup.keepLogs();
            throw e;
        } finally {
            cleanup.run();
            pool.dispose();
        }
        System.out.println();
        System.out.println("started " + started + ", command: " + command);
        System.out.println(machine);
        System.out.print(report);
        return 0;
    }

    /** What one purge measured: the queries meanwhile, and the lines that say how the purge went. */
    private record Purge(ScenarioResult queries, String lines, String cpuLine, boolean finished) {
    }

    // ---- (b) the stack's own retention ---------------------------------------------------------------------------

    private Purge batchedPurge(LocalStack stack, Path rootDir, ClosedLoop loop, AuditLogs logs,
            IntFunction<ClosedLoop.Call> queries, Supplier<Map<String, Long>> pids, Instant cutoff, Cleanup cleanup)
            throws Exception {
        long before = logs.total();
        var watch = new PurgeWatch(logs, before, () -> logs.purgeJob()
                .filter(job -> "DONE".equals(job.getString("status"))).isPresent(), Duration.ofMillis(500));
        var cpuFrom = new CompletableFuture<CpuMeter.Snapshot>();
        watch.started().thenRun(() -> cpuFrom.complete(CpuMeter.sample(pids.get())));
        var cpuTo = watch.finished().thenApply(ignored -> CpuMeter.sample(pids.get()));
        // The loop runs from before the worker starts; its window is the purge itself, first deletion to job done.
        CompletableFuture<ScenarioResult> during = CompletableFuture.supplyAsync(() -> loop.run(
                "during batched purge", concurrency, ClosedLoop.Window.between(watch.started(), watch.finished(),
                        purgeTimeout), 0, queries));
        System.out.printf("(b) starting the cleanup-worker (platform.retention.check-interval %s) while the queries"
                + " run ...%n", checkInterval);
        long workerStart = System.nanoTime();
        LateWorker worker = LateWorker.start(stack, rootDir, Map.of("PLATFORM_RETENTION_CHECKINTERVAL",
                checkInterval.toMillis() + "ms"), startTimeout);
        cleanup.worker = worker;
        long workerUp = System.nanoTime();
        ScenarioResult result;
        try {
            result = during.get(purgeTimeout.toSeconds() + 60, TimeUnit.SECONDS);
        } finally {
            watch.close();
        }
        if (!watch.started().isDone()) {
            throw new IllegalStateException("the purge did not start within " + purgeTimeout + ": "
                    + logs.purgeJob().map(Document::toJson).orElse("no purge job (is there a retention.run entry? "
                            + logs.retentionRuns().size() + " found: the processor records the worker's runs)"));
        }
        boolean finished = watch.finished().isDone();
        PurgeWatch.Summary summary = watch.summary();
        long firstDeletion = watch.started().join();
        // Counted now, after the purge: a scan of the collection each.
        long oldLeft = logs.olderThan(cutoff);
        long recentLeft = logs.ofBatch(RECENT);
        List<Document> runs = logs.retentionRuns();
        Document job = logs.purgeJob().orElseThrow();
        System.out.println("(b) stopping the cleanup-worker, so that it cannot purge the peer's entries ...");
        cleanup.worker = null;
        worker.close();

        var lines = new StringBuilder();
        if (finished) {
            lines.append(String.format("Batched purge (the stack): %,d entries in %.1f s = %,.0f per second (job: %d"
                    + " deleted, status %s); worker started -> up %.1f s -> first deletion %.1f s later%n", documents,
                    summary.seconds(), documents / summary.seconds(), job.get("deleted", Number.class).longValue(),
                    job.getString("status"), (workerUp - workerStart) / 1e9, (firstDeletion - workerUp) / 1e9));
        } else {
            lines.append(String.format("Batched purge (the stack): NOT FINISHED within --purge-timeout %s: %,d of %,d"
                    + " entries deleted in %.1f s = %,.0f per second, at that rate %.0f min for all (job: %d deleted,"
                    + " status %s); worker started -> up %.1f s -> first deletion %.1f s later%n", purgeTimeout,
                    summary.deleted(), documents, summary.seconds(), summary.perSecond(),
                    documents / summary.perSecond() / 60, job.get("deleted", Number.class).longValue(),
                    job.getString("status"), (workerUp - workerStart) / 1e9, (firstDeletion - workerUp) / 1e9));
        }
        lines.append(String.format("  after it: %,d entries before the cutoff %s left (expected 0), %,d of %,d recent"
                + " entries kept%n", oldLeft, cutoff, recentLeft, recent));
        long counted = 0;
        for (Document run : runs) {
            Document details = run.get("details", Document.class);
            lines.append(String.format("  retention.run at %s: %s%n", run.getDate("occurredAt").toInstant(),
                    details.toJson()));
            String count = details.getString("audit_logs.count");
            counted += count == null ? 0 : Long.parseLong(count);
        }
        lines.append(String.format("  %d retention.run entr%s, audit_logs.count adding up to %,d (expected %,d)%n",
                runs.size(), runs.size() == 1 ? "y" : "ies", counted, documents));
        projectorFinishedLine(stack).ifPresent(line -> lines.append("  projector log: ").append(line).append('\n'));
        CpuMeter.Use use = CpuMeter.between(cpuFrom.join(), finished ? cpuTo.join() : CpuMeter.sample(pids.get()));
        System.out.print(lines);
        return new Purge(result, lines.toString(), String.format("  CPU, batched purge window: %s%n",
                use.describe()), finished);
    }

    private static Optional<String> projectorFinishedLine(LocalStack stack) {
        Path log = stack.dataDir().resolve("logs").resolve("projector.log");
        try (var lines = Files.lines(log)) {
            return lines.filter(line -> line.contains("Finished retention job")).reduce((first, second) -> second)
                    .map(line -> line.substring(line.indexOf("Finished retention job")));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    // ---- (c) the peer: one unbatched deleteMany ------------------------------------------------------------------

    private Purge peerPurge(AuditSeed seed, ClosedLoop loop, AuditLogs logs, IntFunction<ClosedLoop.Call> queries,
            Supplier<Map<String, Long>> pids, Instant cutoff, Instant now) throws Exception {
        long kept = logs.total();
        seed(seed, logs, PEER_OLD, documents, now.minus(OLD_AGE), OLD_SPREAD, kept);
        long before = logs.total();
        var issued = new CompletableFuture<Long>();
        var deleted = new CompletableFuture<Long>();
        var took = new AtomicLong();
        var cpu = new CompletableFuture<CpuMeter.Use>();
        var watch = new PurgeWatch(logs, before, deleted::isDone, Duration.ofMillis(500));
        CompletableFuture<ScenarioResult> during = CompletableFuture.supplyAsync(() -> loop.run(
                "during one deleteMany (peer)", concurrency, ClosedLoop.Window.between(issued, deleted,
                        purgeTimeout), 0, queries));
        // The same load as in (b) before anything is deleted: the loop runs a few seconds first.
        CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(() -> {
            try {
                CpuMeter.Snapshot cpuFrom = CpuMeter.sample(pids.get());
                long start = System.nanoTime();
                issued.complete(start);
                System.out.printf("(c) deleteMany({tenantId: %s, occurredAt < %s}) while the queries run ...%n",
                        TENANT, cutoff);
                long count = logs.deleteOlderThan(cutoff);
                long end = System.nanoTime();
                deleted.complete(count);
                took.set(end - start);
                cpu.complete(CpuMeter.between(cpuFrom, CpuMeter.sample(pids.get())));
            } catch (RuntimeException e) {
                issued.complete(System.nanoTime());
                deleted.completeExceptionally(e);
                cpu.completeExceptionally(e);
            }
        });
        ScenarioResult result;
        try {
            result = during.get(purgeTimeout.toSeconds() + 60, TimeUnit.SECONDS);
        } finally {
            watch.close();
        }
        long count = deleted.get();
        double seconds = took.get() / 1e9;
        long oldLeft = logs.olderThan(cutoff);
        long recentLeft = logs.ofBatch(RECENT);
        var lines = new StringBuilder();
        lines.append(String.format("One deleteMany (peer): %,d entries in %.1f s = %,.0f per second, one command%n",
                count, seconds, count / seconds));
        lines.append(String.format("  after it: %,d entries before the cutoff left (expected 0), %,d of %,d recent"
                + " entries kept%n", oldLeft, recentLeft, recent));
        System.out.print(lines);
        return new Purge(result, lines.toString(), String.format("  CPU, deleteMany window: %s%n",
                cpu.get().describe()), true);
    }

    // ---- seeding, queries, tokens --------------------------------------------------------------------------------

    /** Writes the entries and waits until the projector has them all in audit_logs ({@code already} were there). */
    private void seed(AuditSeed seed, AuditLogs logs, String batch, int count, Instant newest, Duration spread,
            long already) throws InterruptedException {
        Duration spacing = Duration.ofNanos(Math.max(1_000_000, spread.toNanos() / Math.max(1, count)));
        System.out.printf("writing %,d audit events (%s, occurred %s back from %s) to %s ...%n", count, batch,
                spread, newest.truncatedTo(ChronoUnit.SECONDS), AuditSeed.AUDIT_EVENTS);
        long t0 = System.nanoTime();
        seed.write(batch, count, newest, spacing);
        long written = System.nanoTime();
        long expected = already + count;
        long deadline = written + purgeTimeout.toNanos();
        long total = logs.total();
        long lastPrint = written;
        while (total < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the projector wrote " + total + " of " + expected
                        + " audit_logs documents within " + purgeTimeout);
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                System.out.printf("  %,d of %,d in audit_logs%n", total, expected);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(1000);
            total = logs.total();
        }
        long projected = System.nanoTime();
        System.out.printf("  written to Kafka in %.1f s, in audit_logs %.1f s later (%,.0f per second)%n",
                (written - t0) / 1e9, (projected - written) / 1e9, count / ((projected - t0) / 1e9));
    }

    /**
     * An admin's queries, in turn: the first page, one action, the last half hour, and one day of the old entries
     * (a page of 50 each, newest first, as the API serves them).
     */
    private static IntFunction<ClosedLoop.Call> queries(String api, String token, Instant now) {
        String base = api + "/api/v1/audit?size=50";
        Instant oldDay = now.minus(OLD_AGE).minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);
        List<String> uris = List.of(
                base,
                base + "&action=" + AuditSeed.ACTIONS.get(0),
                base + "&from=" + now.minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS) + "&to=" + now
                        .truncatedTo(ChronoUnit.SECONDS),
                base + "&from=" + oldDay + "&to=" + oldDay.plus(Duration.ofDays(1)));
        var next = new AtomicLong();
        return worker -> new ClosedLoop.Call(HttpMethod.GET, uris.get((int) (next.getAndIncrement() % uris.size())),
                token, null, null);
    }

    /** The cleanup-worker's audit-log cutoff: the start of the UTC day of (now - 90 days). */
    static Instant auditLogsCutoff(Instant now) {
        return LocalDate.ofInstant(now.minus(AUDIT_LOGS_PERIOD), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    private static double p99Ratio(ScenarioResult during, ScenarioResult baseline) {
        return ScenarioResult.ms(during.accept(), 99) / ScenarioResult.ms(baseline.accept(), 99);
    }

    private static String adminToken(HttpClient client, String issuerUrl) {
        String body = "{\"sub\":\"bench-admin\",\"tenant\":\"" + TENANT + "\",\"roles\":[\"admin\"],"
                + "\"ttlSeconds\":86400}";
        return client.post().uri(issuerUrl + "/token").send(ByteBufMono.fromString(Mono.just(body)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    Matcher token = ACCESS_TOKEN.matcher(text);
                    if (response.status().code() != 200 || !token.find()) {
                        throw new IllegalStateException("admin token: HTTP " + response.status() + " " + text);
                    }
                    return token.group(1);
                }))
                .block(Duration.ofSeconds(30));
    }

    /** Stops what this run started, also when the JVM is stopped early (Ctrl-C). Runs once. */
    private static final class Cleanup {
        volatile LocalStack stack;
        volatile AuditLogs logs;
        volatile LateWorker worker;

        /** A failed run's logs, kept out of the data directory that {@link LocalStack#close()} deletes. */
        synchronized void keepLogs() {
            if (stack == null) {
                return;
            }
            Path from = stack.dataDir().resolve("logs");
            Path to = Path.of(System.getProperty("java.io.tmpdir"), "phishnet-bench-retention-logs-"
                    + System.currentTimeMillis());
            try (var files = Files.list(from)) {
                Files.createDirectories(to);
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
                System.err.println("the stack's logs of this failed run: " + to);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("could not keep the logs of " + from + ": " + e.getMessage());
            }
        }

        synchronized void run() {
            try {
                if (worker != null) {
                    worker.close();
                    worker = null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (logs != null) {
                logs.close();
                logs = null;
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
