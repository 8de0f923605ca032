package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phishnet.schemas.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (broker and controller in one process) that a test starts, stops and starts again on the
 * same data directory and ports, the way ./run.sh runs its own: from {@code local-stack/target/kafka.classpath}, with
 * the {@code server.properties} run.sh writes. The one place that configuration is written is run.sh's
 * {@code start_kafka}: this class reads that template out of run.sh and fills in its variables, so that the two
 * cannot drift apart. Given to ./run.sh as {@code PHISHNET_KAFKA_BOOTSTRAP}, run.sh uses it and starts no broker of
 * its own (run.sh would take the whole stack down if a broker of its own died).
 */
final class KafkaBroker implements AutoCloseable {

    static final String READY_LINE = "Kafka Server started";
    private static final String HOST = "127.0.0.1";
    private static final Pattern TEMPLATE = Pattern.compile(
            "cat >\"\\$dir/server\\.properties\" <<EOF\\n(.*?)\\nEOF\\n", Pattern.DOTALL);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

    private final Path root;
    private final Path dir;
    private final Path log;
    private final int port;
    private final int controllerPort;
    private Process process;
    private long logOffsetAtStart;
    private int starts;

    /**
     * @param dir the broker's directory (its {@code data/}, {@code cluster.id} and {@code server.properties}), as
     *     run.sh's {@code $DATA_DIR/kafka}
     * @param log where its output goes, appended across restarts
     */
    KafkaBroker(Path root, Path dir, Path log) {
        this.root = root;
        this.dir = dir;
        this.log = log;
        var ports = FreePorts.pick("kafka", "kafka-controller");
        this.port = ports.get("kafka");
        this.controllerPort = ports.get("kafka-controller");
    }

    /** What clients connect to ({@code PHISHNET_KAFKA_BOOTSTRAP}, {@code spring.kafka.bootstrap-servers}). */
    String bootstrap() {
        return HOST + ":" + port;
    }

    Path log() {
        return log;
    }

    /**
     * Starts the broker: writes {@code server.properties} (as run.sh does on every start), formats the storage on the
     * first start only, and launches it. Returns at once: see {@link #awaitReady(Duration)}.
     */
    synchronized void start() throws IOException, InterruptedException {
        assertThat(process == null || !process.isAlive()).as("the broker already runs").isTrue();
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(log.getParent());
        var clusterId = dir.resolve("cluster.id");
        if (!Files.exists(clusterId)) {
            Files.writeString(clusterId, Uuid.randomUuid().toString());
        }
        var properties = dir.resolve("server.properties");
        Files.writeString(properties, serverProperties(runSh(root), HOST, port, controllerPort, dir));
        if (!Files.exists(dir.resolve("data/meta.properties"))) {
            var format = new ArrayList<>(java());
            format.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "kafka.tools.StorageTool", "format",
                    "-t", Files.readString(clusterId).trim(), "-c", properties.toString()));
            var formatLog = log.resolveSibling("kafka-format.log");
            var formatting = new ProcessBuilder(format).redirectErrorStream(true)
                    .redirectOutput(formatLog.toFile()).start();
            assertThat(formatting.waitFor(2, TimeUnit.MINUTES)).as("StorageTool format finished").isTrue();
            assertThat(formatting.exitValue()).as("StorageTool format; see %s", formatLog).isZero();
        }
        starts++;
        Files.writeString(log, "=== chaos test: start " + starts + " of the broker at " + Instant.now() + " ===\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        logOffsetAtStart = Files.size(log);
        var command = new ArrayList<>(java());
        // run.sh's default PHISHNET_KAFKA_JAVA_OPTS.
        command.addAll(List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "kafka.Kafka", properties.toString()));
        process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** As run.sh waits for its broker: the "Kafka Server started" line of this start, and the port accepting. */
    void awaitReady(Duration timeout) {
        await("the broker's '" + READY_LINE + "' and its port").atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    assertThat(alive()).as("the broker exited; see %s", log).isTrue();
                    return logSinceStart().contains(READY_LINE) && accepting();
                });
    }

    /**
     * SIGTERM and a wait for the process to end, as an operator restarts a broker: a controlled shutdown (partitions
     * and the controller handed over, logs flushed). Returns the exit status.
     */
    synchronized int stop() throws InterruptedException {
        assertThat(alive()).as("the broker runs before its stop").isTrue();
        process.destroy();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the broker stopped within 2 minutes of SIGTERM; see %s",
                log).isTrue();
        return process.exitValue();
    }

    /** SIGKILL: no controlled shutdown, nothing flushed. The exit status 137 is checked. */
    synchronized void kill9() throws InterruptedException {
        assertThat(alive()).as("the broker runs before its kill").isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the broker gone after SIGKILL").isTrue();
        assertThat(process.exitValue()).as("the broker's exit status after SIGKILL").isEqualTo(137);
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Whether anything accepts connections on the broker's port. */
    boolean accepting() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 1_000);
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Stops it if it runs (SIGTERM, SIGKILL after 2 minutes). */
    @Override
    public synchronized void close() throws InterruptedException {
        if (alive()) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private List<String> java() throws IOException {
        var classpath = root.resolve("local-stack/target/kafka.classpath");
        assertThat(classpath).as("the broker's classpath: package local-stack first").exists();
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + root.resolve("local-stack/src/main/kafka/log4j2.properties"),
                "-cp", Files.readString(classpath).replace("\n", "").trim());
    }

    private String logSinceStart() throws IOException {
        var bytes = Files.readAllBytes(log);
        int from = (int) Math.min(logOffsetAtStart, bytes.length);
        return new String(bytes, from, bytes.length - from, StandardCharsets.ISO_8859_1);
    }

    private static String runSh(Path root) {
        try {
            return Files.readString(root.resolve("run.sh"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The {@code server.properties} run.sh's {@code start_kafka} writes, with its variables filled in: the template is
     * taken from run.sh itself. A variable this class does not know fails here, rather than start a broker that is
     * configured differently from run.sh's.
     */
    static String serverProperties(String runSh, String host, int port, int controllerPort, Path dir) {
        Matcher template = TEMPLATE.matcher(runSh);
        if (!template.find()) {
            throw new IllegalStateException("no server.properties template (cat >\"$dir/server.properties\" <<EOF) "
                    + "in run.sh's start_kafka");
        }
        Map<String, String> values = Map.of("HOST", host, "KAFKA_PORT", String.valueOf(port),
                "KAFKA_CONTROLLER_PORT", String.valueOf(controllerPort), "dir", dir.toAbsolutePath().toString());
        var filled = new StringBuilder();
        Matcher variable = VARIABLE.matcher(template.group(1));
        while (variable.find()) {
            var value = values.get(variable.group(1));
            if (value == null) {
                throw new IllegalStateException("run.sh's server.properties uses $" + variable.group(1)
                        + ", which KafkaBroker does not fill in");
            }
            variable.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        variable.appendTail(filled);
        return filled.append('\n').toString();
    }
}
