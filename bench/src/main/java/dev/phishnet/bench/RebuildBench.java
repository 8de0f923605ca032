package dev.phishnet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar bench.jar rebuild}: on the real stack (./run.sh on free ports), in one run, N audit events seeded
 * into a topic of their own (Avro, Confluent wire format, the stack's registry), then (a) a second projector from the
 * stack's jar and command line with fresh application ids and a fresh database, which fills fresh collections from
 * offset 0 (the work of a rebuild generation), and (b) Kafka Connect standalone with the MongoDB sink connector
 * sinking the same topic into a collection of the same MongoDB server. Events per second of both, and their ratio.
 */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "A projector rebuilding N events from offset 0 into MongoDB vs the MongoDB Kafka sink connector "
                + "(Kafka Connect standalone) sinking the same events into the same server.")
final class RebuildBench implements Callable<Integer> {

    static final double TARGET_RATIO = 2.0;
    static final String TENANT = "bench-rebuild";
    /** Its own topic, so that the stack's running projector does not project the events while they are measured. */
    static final String TOPIC = "bench-rebuild-audit-events";
    static final String AUDIT_LOGS = "audit_logs";
    static final String DEFAULT_SUPPORT_JAVA_OPTS = "-Xmx4g -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    @Option(names = "--events", defaultValue = "1000000", description = "Events seeded (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--partitions", defaultValue = "6",
            description = "Partitions of the seeded topic (default ${DEFAULT-VALUE}, as the stack's audit-events).")
    int partitions;

    @Option(names = "--resources", defaultValue = "5000",
            description = "Distinct resource ids (record keys) of the events (default ${DEFAULT-VALUE}).")
    int resources;

    @Option(names = "--timeout", defaultValue = "60m", converter = UsersBench.DurationConverter.class,
            description = "Longest wait for each of the two to hold every event (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll", defaultValue = "250ms", converter = UsersBench.DurationConverter.class,
            description = "How often the collection's size and the group's lag are read (default ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--support-java-opts", defaultValue = DEFAULT_SUPPORT_JAVA_OPTS,
            description = "JVM options of the MongoDB server: local-support's (mongo-java-server; run.sh's default heap is"
                    + " 128m) or, with --mongo memory, the in-memory server's (default ${DEFAULT-VALUE}).")
    String supportJavaOpts;

    @Option(names = "--mongo", defaultValue = "h2", description = "The MongoDB server: h2 (run.sh's local-support, "
            + "mongo-java-server on its H2 file) or memory (mongo-java-server's memory backend in a JVM of its own with "
            + "--support-java-opts, given to run.sh as an external MongoDB; default ${DEFAULT-VALUE}).")
    String mongo;

    @Option(names = "--jfr", description = "Record both consumers' JVMs with JFR (settings=profile) into this "
            + "directory: projector-rebuild.jfr, kafka-connect.jfr.")
    Path jfr;

    @Option(names = "--only", description = "Run only one side: projector or connector (default both).")
    String only;

    @Option(names = "--root", defaultValue = ".", description = "The repository (where run.sh is).")
    Path root;

    @Option(names = "--start-timeout", defaultValue = "300s", converter = UsersBench.DurationConverter.class)
    Duration startTimeout;

    @Override
    public Integer call() throws Exception {
        Path rootDir = root.toAbsolutePath().normalize();
        if (!Files.isExecutable(rootDir.resolve("run.sh"))) {
            throw new IllegalArgumentException("no run.sh in " + rootDir + ": run from the repository or pass --root");
        }
        var started = OffsetDateTime.now(ZoneOffset.UTC);
        String command = String.format("java -jar bench/target/bench.jar rebuild --events %d --partitions %d"
                + " --resources %d --mongo %s%s%s", events, partitions, resources, mongo,
                supportJavaOpts.equals(DEFAULT_SUPPORT_JAVA_OPTS) ? "" : " --support-java-opts \"" + supportJavaOpts
                        + "\"", only == null ? "" : " --only " + only);
        System.out.println("bench rebuild: " + command);
        String machine = Machine.describe();
        System.out.println(machine);
        String run = Long.toString(System.currentTimeMillis() / 1000);

        System.out.println("resolving Kafka Connect and the MongoDB sink connector (Maven Central) ...");
        Path lib = ConnectSink.resolveClasspath(rootDir);
        List<String> connectJars = Files.list(lib).map(path -> path.getFileName().toString())
                .filter(name -> name.startsWith("connect-runtime") || name.startsWith("mongo-kafka-connect")
                        || name.startsWith("apicurio-registry-utils-converter") || name.startsWith("mongodb-driver-sync"))
                .sorted().toList();
        System.out.println("  " + lib + ": " + connectJars);

        var report = new StringBuilder();
        var cleanup = new Cleanup();
        Runtime.getRuntime().addShutdownHook(new Thread(cleanup::run, "bench-cleanup"));
        try {
            // Only the projector: its command line is the one the rebuild copies; the others would only take CPU.
            Map<String, String> stackSettings = new LinkedHashMap<>(Map.of("PHISHNET_SERVICES", "projector",
                    "PHISHNET_SUPPORT_JAVA_OPTS", supportJavaOpts));
            if (mongo.equals("memory")) {
                System.out.println("starting mongo-java-server with the memory backend (" + supportJavaOpts + ") ...");
                MemoryMongo memory = MemoryMongo.start(supportJavaOpts, Files.createTempFile("phishnet-bench-"
                        + MemoryMongo.NAME + "-", ".log"), Duration.ofSeconds(60));
                cleanup.memory = memory;
                memoryPid = memory.pid();
                stackSettings.put("PHISHNET_MONGODB_URI", memory.uri("phishnet"));
            } else if (!mongo.equals("h2")) {
                throw new IllegalArgumentException("--mongo h2 or memory, not " + mongo);
            }
            System.out.println("starting ./run.sh on free ports, projector only ...");
            long t0 = System.nanoTime();
            LocalStack stack = LocalStack.start(rootDir, startTimeout, stackSettings);
            cleanup.stack = stack;
            System.out.printf("stack up in %.0f s (data %s)%n", (System.nanoTime() - t0) / 1e9, stack.dataDir());
            var watch = new SinkWatch(stack.kafkaBootstrap(), stack.mongoUri(), TOPIC);
            cleanup.watch = watch;

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrap()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1)
                        .configs(Map.of("retention.ms", "-1")))).all().get(30, TimeUnit.SECONDS);
            }
            System.out.printf("writing %,d audit events to %s (%d partitions) ...%n", events, TOPIC, partitions);
            long s0 = System.nanoTime();
            new AuditSeed(TOPIC, stack.kafkaBootstrap(), stack.registryUrl(), TENANT, resources)
                    .write("bench-rebuild", events, Instant.now(), Duration.ofMillis(1));
            double seedSeconds = (System.nanoTime() - s0) / 1e9;
            System.out.printf("  written in %.1f s (%,.0f per second)%n", seedSeconds, events / seedSeconds);
            report.append(String.format("Seeded: %,d AuditEvent records (Avro, Confluent wire format, the stack's "
                    + "registry) to %s, %d partitions, in %.1f s (%,.0f/s)%n", events, TOPIC, partitions, seedSeconds,
                    events / seedSeconds));

            Long projectorPid = stack.pids().get("projector");
            List<String> projectorCommand = Arrays.asList(Files.readString(Path.of("/proc", projectorPid.toString(),
                    "cmdline")).split("\0"));
            String java = projectorCommand.get(0);
            List<String> jvmOptions = projectorCommand.subList(1, projectorCommand.indexOf("-jar")).stream()
                    .filter(option -> option.startsWith("-X")).toList();

            Side projector = null;
            Side connector = null;
            if (only == null || only.equals("projector")) {
                projector = projector(stack, watch, run);
                report.append(projector.lines());
                System.out.println("dropping the rebuild's database, so that the connector writes into a store of the"
                        + " same size ...");
                long d0 = System.nanoTime();
                watch.drop(projector.database());
                System.out.printf("  dropped in %.1f s%n", (System.nanoTime() - d0) / 1e9);
            }
            if (only == null || only.equals("connector")) {
                connector = connector(stack, watch, lib, java, jvmOptions, run);
                report.append(connector.lines());
            }
            report.append(String.format("%n")).append(table(projector, connector));
            report.append(String.format("Connect classpath (%s): %s%n", lib, connectJars));
            report.append(String.format("Both consumers ran with the projector's JVM options: %s%n", jvmOptions));
        } catch (Exception | Error e) {
            cleanup.keepLogs();
            throw e;
        } finally {
            cleanup.run();
        }
        System.out.println();
        System.out.println("started " + started + ", command: " + command);
        System.out.println(machine);
        System.out.print(report);
        return 0;
    }

    /** One consumer's run: its times and what it wrote. */
    private record Side(String name, String database, SinkWatch.Times times, long exactCount, String cpu,
            String lines) {

        double total() {
            return times.seconds(times.started(), times.allDocuments());
        }

        double afterStartUp() {
            return times.seconds(times.firstDocument(), times.allDocuments());
        }
    }

    private volatile long memoryPid;

    private List<String> jfrOptions(String name) {
        return jfr == null ? List.of() : List.of("-XX:StartFlightRecording=settings=profile,filename="
                + jfr.toAbsolutePath().resolve(name + ".jfr"));
    }

    // ---- (a) the projector, a fresh generation -------------------------------------------------------------------

    private Side projector(LocalStack stack, SinkWatch watch, String run) throws Exception {
        String name = "projector-rebuild";
        String database = "phishnet_rebuild_" + run;
        String group = "phishnet-projector-bench-" + run;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("PLATFORM_PROJECTOR_APPLICATIONID", group);
        settings.put("PLATFORM_AGGREGATES_APPLICATIONID", "phishnet-projector-aggregates-bench-" + run);
        settings.put("SPRING_MONGODB_URI", stack.mongoUri(database));
        settings.put("PLATFORM_TOPICS_AUDITEVENTS_NAME", TOPIC);
        System.out.printf("(a) starting a second projector (application id %s, database %s, audit events from %s)"
                + " ...%n", group, database, TOPIC);
        if (jfr != null) {
            Files.createDirectories(jfr);
        }
        long start = System.nanoTime();
        LateWorker copy = LateWorker.projectorCopy(stack, name, jfrOptions(name), settings);
        try {
            Side side = measure(stack, watch, name, database, group, copy.pid(), start, copy::up, copy::alive,
                    () -> copy.tail());
            // A generation runs the aggregates application too: it counts the same audit events into api_usage.
            String aggregates = settings.get("PLATFORM_AGGREGATES_APPLICATIONID");
            long deadline = start + timeout.toNanos();
            long lag = watch.lag(aggregates);
            while (lag != 0 && copy.alive() && System.nanoTime() < deadline) {
                Thread.sleep(poll.toMillis());
                lag = watch.lag(aggregates);
            }
            String line = String.format("  its aggregates application (%s, api_usage counts of the same events): "
                    + "lag %s at %.1f s after process start%n", aggregates, lag == 0 ? "0" : lag + " (gave up)",
                    (System.nanoTime() - start) / 1e9);
            System.out.print(line);
            return new Side(side.name(), side.database(), side.times(), side.exactCount(), side.cpu(),
                    side.lines() + line);
        } finally {
            copy.close();
        }
    }

    // ---- (b) Kafka Connect standalone with the MongoDB sink connector --------------------------------------------

    private Side connector(LocalStack stack, SinkWatch watch, Path lib, String java, List<String> jvmOptions,
            String run) throws Exception {
        String name = "mongo-kafka-connect";
        String database = "phishnet_connect_" + run;
        System.out.printf("(b) starting Kafka Connect standalone with the MongoDB sink connector (database %s) ...%n",
                database);
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(jfrOptions(ConnectSink.NAME));
        long start = System.nanoTime();
        ConnectSink sink = ConnectSink.start(stack, lib, java, options, TOPIC, database, AUDIT_LOGS);
        try {
            Side side = measure(stack, watch, name, database, ConnectSink.GROUP, sink.pid(), start,
                    () -> sink.log().toFile().length() > 0 && logSays(sink.log(), "Kafka Connect started"), sink::alive, sink::tail);
            List<String> errors = sink.errors(5);
            if (!errors.isEmpty()) {
                System.out.println("  ERROR lines in its log (first 5):");
                errors.forEach(line -> System.out.println("    " + line));
            }
            return side;
        } finally {
            sink.close();
        }
    }

    private static boolean logSays(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private Side measure(LocalStack stack, SinkWatch watch, String name, String database, String group, long pid,
            long start, BooleanSupplier up, BooleanSupplier alive, java.util.function.Supplier<String> tail)
            throws Exception {
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.pids().forEach((part, id) -> {
            if (!part.equals(name) && !part.equals(ConnectSink.NAME) && !part.equals("projector-rebuild")) {
                pids.put(part, id);
            }
        });
        if (memoryPid != 0) {
            pids.put(MemoryMongo.NAME, memoryPid);
        }
        pids.put(name, pid);
        pids.put("bench client", ProcessHandle.current().pid());
        // CPU from the first document to the last: the work, without the JVM's start-up.
        var first = new java.util.concurrent.atomic.AtomicReference<CpuMeter.Snapshot>();
        SinkWatch.Times times = watch.watch(start, database, AUDIT_LOGS, group, events, up, alive,
                () -> first.set(CpuMeter.sample(pids)), timeout, poll);
        CpuMeter.Snapshot last = CpuMeter.sample(pids);
        String cpu = first.get() == null ? "  CPU: no document seen\n"
                : String.format("  CPU, first document to the last: %s%n", CpuMeter.between(first.get(), last)
                        .describe());
        long exact = watch.count(database, AUDIT_LOGS);
        String sample = watch.sample(database, AUDIT_LOGS);
        var lines = new StringBuilder();
        boolean complete = times.allDocuments() != 0;
        lines.append(String.format("%s: %s%n", name, complete ? "all " + String.format("%,d", events)
                + " documents in " + database + "." + AUDIT_LOGS : "NOT COMPLETE: " + String.format("%,d of %,d",
                        times.documents(), events) + " documents, lag " + times.lag()
                        + (alive.getAsBoolean() ? " (timeout " + timeout + ")" : " (the process exited)")));
        lines.append(String.format("  process start -> up %.1f s -> first document %.1f s -> all documents %.1f s"
                + " -> group %s lag 0 at %.1f s; exact count at the end %,d%n",
                times.seconds(start, times.up()), times.seconds(start, times.firstDocument()),
                times.seconds(start, times.allDocuments()), group, times.seconds(start, times.lagZero()), exact));
        lines.append(cpu);
        lines.append(String.format("  a document it wrote: %s%n", sample));
        System.out.print(lines);
        if (!complete) {
            System.out.println("  its log's end:\n" + tail.get());
        }
        return new Side(name, database, times, exact, cpu, lines.toString());
    }

    static String table(Side projector, Side connector) {
        var table = new StringBuilder();
        table.append(String.format("%-34s %10s %10s %10s %12s %12s %10s%n", "rebuild of the topic", "events",
                "total s", "events/s", "excl. start s", "excl. start/s", "lag 0 s"));
        table.append("-".repeat(104)).append('\n');
        for (Side side : new Side[] {projector, connector}) {
            if (side == null) {
                continue;
            }
            SinkWatch.Times t = side.times();
            table.append(String.format("%-34s %,10d %10.1f %,10.0f %12.1f %,12.0f %10.1f%n", side.name(),
                    side.exactCount(), side.total(), side.exactCount() / side.total(), side.afterStartUp(),
                    side.exactCount() / side.afterStartUp(), t.seconds(t.started(), t.lagZero())));
        }
        if (projector != null && connector != null) {
            double total = (projector.exactCount() / projector.total()) / (connector.exactCount() / connector.total());
            double work = (projector.exactCount() / projector.afterStartUp())
                    / (connector.exactCount() / connector.afterStartUp());
            table.append(String.format("%nprojector / connector: %.2fx from process start (total), %.2fx excluding"
                    + " start-up (first document to the last)%n", total, work));
            table.append(String.format("Target (issue 7, point 5): projector >= %.1fx the connector: %s (excluding "
                    + "start-up), %s (total)%n", TARGET_RATIO, work >= TARGET_RATIO ? "MET" : "MISSED",
                    total >= TARGET_RATIO ? "MET" : "MISSED"));
        }
        table.append("total = process start to the last document; excl. start = first document to the last "
                + "(JVM start-up, Spring/Connect start, group join excluded)\n");
        return table.toString();
    }

    /** Stops what this run started, also when the JVM is stopped early (Ctrl-C). Runs once. */
    private static final class Cleanup {
        volatile LocalStack stack;
        volatile SinkWatch watch;
        volatile MemoryMongo memory;

        synchronized void keepLogs() {
            if (stack == null) {
                return;
            }
            Path from = stack.dataDir().resolve("logs");
            Path to = Path.of(System.getProperty("java.io.tmpdir"), "phishnet-bench-rebuild-logs-"
                    + System.currentTimeMillis());
            try (var files = Files.list(from)) {
                Files.createDirectories(to);
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
                System.err.println("the stack's logs of this failed run: " + to);
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                System.err.println("could not keep the logs of " + from + ": " + e.getMessage());
            }
        }

        synchronized void run() {
            if (watch != null) {
                watch.close();
                watch = null;
            }
            if (stack != null) {
                System.out.println("stopping the stack (SIGINT to run.sh) ...");
                stack.close();
                stack = null;
                System.out.println("stopped.");
            }
            if (memory != null) {
                try {
                    memory.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                memory = null;
            }
        }
    }
}
