package dev.phishnet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The peer of the rebuild bench: Kafka Connect standalone ({@code ConnectStandalone}, the project's Kafka version)
 * running the MongoDB sink connector ({@code org.mongodb.kafka:mongo-kafka-connect}) in its own JVM, both resolved
 * from Maven Central by {@code bench/connect/pom.xml} into {@code bench/target/connect/lib}. Values are read with
 * Apicurio's {@code AvroConverter} (Maven Central; the registry the stack runs) in its Confluent-compatible mode: a
 * 4-byte schema id after the magic byte, which is the stack's Confluent API's id (Apicurio's content id).
 */
final class ConnectSink implements AutoCloseable {

    static final String NAME = "kafka-connect";
    static final String CONNECTOR = "bench-mongo-sink";
    /** Kafka Connect's consumer group of a sink connector: connect-&lt;connector name&gt;. */
    static final String GROUP = "connect-" + CONNECTOR;

    private final Process process;
    private final Path pidFile;
    private final Path log;

    private ConnectSink(Process process, Path pidFile, Path log) {
        this.process = process;
        this.pidFile = pidFile;
        this.log = log;
    }

    /**
     * The connector's classpath, resolved once: {@code ./mvnw -f bench/connect/pom.xml package} with the Kafka
     * version of the bench's own kafka-clients (the project's), offline first, then online.
     */
    static Path resolveClasspath(Path root) throws IOException, InterruptedException {
        Path lib = root.resolve("bench/target/connect/lib");
        String kafkaVersion = AppInfoParser.getVersion();
        if (Files.isRegularFile(lib.resolve("connect-runtime-" + kafkaVersion + ".jar"))
                && Files.isRegularFile(lib.resolve("mongo-kafka-connect-" + ConnectSink.connectorVersion(root) + ".jar"))) {
            return lib;
        }
        Path output = Files.createTempFile("phishnet-bench-connect-resolve-", ".log");
        for (boolean offline : new boolean[] {true, false}) {
            List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-q"));
            if (offline) {
                command.add("-o");
            }
            command.addAll(List.of("-f", root.resolve("bench/connect/pom.xml").toString(),
                    "-Dkafka.version=" + kafkaVersion, "package"));
            System.out.println("  " + String.join(" ", command));
            int exit = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start().waitFor();
            if (exit == 0) {
                return lib;
            }
        }
        throw new IllegalStateException("could not resolve Kafka Connect and the MongoDB sink connector from Maven "
                + "Central:\n" + Files.readString(output));
    }

    /** The connector version bench/connect/pom.xml names (so that a changed pom is resolved again). */
    private static String connectorVersion(Path root) throws IOException {
        String pom = Files.readString(root.resolve("bench/connect/pom.xml"));
        var matcher = java.util.regex.Pattern.compile("<mongo-kafka-connect.version>([^<]+)<").matcher(pom);
        return matcher.find() ? matcher.group(1) : "?";
    }

    /**
     * Starts the worker with one sink connector from {@code topic} into {@code database.collection}; returns at once
     * (the caller measures its start-up). {@code java} and {@code jvmOptions}: the projector's, so that both run in
     * the same JVM size and collector.
     */
    static ConnectSink start(LocalStack stack, Path lib, String java, List<String> jvmOptions, String topic,
            String database, String collection) throws IOException {
        Path dir = Files.createDirectories(stack.dataDir().resolve("services").resolve(NAME));
        Path worker = dir.resolve("worker.properties");
        Path sink = dir.resolve("mongo-sink.properties");
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(worker, String.join("\n",
                "bootstrap.servers=" + stack.kafkaBootstrap(),
                "key.converter=org.apache.kafka.connect.storage.StringConverter",
                "value.converter=io.apicurio.registry.utils.converter.AvroConverter",
                "value.converter.apicurio.registry.url=" + stack.apicurioUrl(),
                // Confluent wire format: magic byte + 4-byte id, and that id is Apicurio's content id (what the
                // stack's Confluent API hands out and the project's serializer writes).
                "value.converter.apicurio.registry.as-confluent=true",
                "value.converter.apicurio.registry.use-id=contentId",
                "offset.storage.file.filename=" + dir.resolve("connect.offsets"),
                // Commit the sink's offsets every second (default 60 s), so that its consumer group's lag is seen.
                "offset.flush.interval.ms=1000",
                // The projector reads read_committed too (the seeded topic has no transactions: no difference).
                "consumer.isolation.level=read_committed",
                "consumer.auto.offset.reset=earliest",
                "listeners=http://127.0.0.1:" + LocalStack.freePort(),
                "plugin.discovery=only_scan",
                ""), StandardCharsets.UTF_8);
        // The connector's defaults otherwise: ObjectId _id (BsonOidStrategy), ReplaceOne upsert by _id, bulk per poll.
        Files.writeString(sink, String.join("\n",
                "name=" + CONNECTOR,
                "connector.class=com.mongodb.kafka.connect.MongoSinkConnector",
                "tasks.max=1",
                "topics=" + topic,
                "connection.uri=mongodb://" + stack.mongoUri().replaceFirst("^mongodb://", "").replaceFirst("/.*$", ""),
                "database=" + database,
                "collection=" + collection,
                ""), StandardCharsets.UTF_8);
        Files.writeString(log4j, String.join("\n",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "logger.reflections.name = org.reflections",
                "logger.reflections.level = ERROR",
                ""), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-Dlog4j2.configurationFile=" + log4j);
        command.add("-cp");
        command.add(lib.toAbsolutePath() + "/*");
        command.add("org.apache.kafka.connect.cli.ConnectStandalone");
        command.add(worker.toString());
        command.add(sink.toString());
        Path logFile = stack.dataDir().resolve("logs").resolve(NAME + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        Path pidFile = stack.dataDir().resolve("run").resolve(NAME + ".pid");
        Files.writeString(pidFile, Long.toString(process.pid()));
        return new ConnectSink(process, pidFile, logFile);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** The log's ERROR lines (a converter or a write that fails shows here first); at most {@code max}. */
    List<String> errors(int max) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains("] ERROR ")).limit(max).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM: Connect stops its connector and worker. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println(NAME + " did not stop within 60 s after SIGTERM: killing it");
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            System.err.println("could not delete " + pidFile + ": " + e.getMessage());
        }
    }
}
