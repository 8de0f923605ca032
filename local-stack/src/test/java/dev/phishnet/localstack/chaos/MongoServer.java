package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phishnet.schemas.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's MongoDB (mongo-java-server on an H2 file, in a {@code LocalSupport} JVM started as run.sh starts it,
 * but serving MongoDB alone) as a process of the test's own, so that a test can stop it and start it again on the same
 * data and port while run.sh and the services go on ({@code PHISHNET_MONGODB_URI} points run.sh at it). Stopping is
 * SIGTERM, as an operator stops a database: LocalSupport closes the store, so everything it acknowledged is on disk.
 * Its output is appended to one log across restarts.
 */
final class MongoServer implements AutoCloseable {

    static final String READY_LINE = "LocalSupport ready:";
    static final String STOPPED_LINE = "LocalSupport stopped";

    private final List<String> command;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private Process process;
    private int starts;

    /**
     * @param workDir the run's directory: the data go to {@code mongo-data/}, the log to {@code logs/mongodb.log}
     */
    MongoServer(Path root, Path workDir) throws IOException {
        this.port = FreePorts.pick("mongodb").get("mongodb");
        this.dataDir = workDir.resolve("mongo-data");
        this.log = workDir.resolve("logs/mongodb.log");
        var target = root.resolve("local-stack/target");
        // LocalSupport's classes and its runtime classpath, as run.sh runs it (the classes rather than the jar, so that
        // a test run before the package phase can use it too).
        var classpath = target.resolve("classes") + ":" + Files.readString(target.resolve("local-support.classpath"))
                .replace("\n", "");
        this.command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-cp", classpath, "dev.phishnet.localstack.LocalSupport", "--host", "127.0.0.1",
                "--mongo-port", String.valueOf(port), "--mongo-data", dataDir.toString());
    }

    /** The URI the services and run.sh use ({@code PHISHNET_MONGODB_URI}). */
    String uri() {
        return "mongodb://127.0.0.1:" + port + "/phishnet";
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    synchronized void start() throws IOException {
        assertThat(alive()).as("MongoDB already running").isFalse();
        Files.createDirectories(log.getParent());
        starts++;
        Files.writeString(log, "=== chaos test: start " + starts + " of MongoDB at " + Instant.now() + " ===\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Until this start printed its ready line (it listens on its port). */
    void awaitReady(Duration timeout) {
        await("MongoDB printing '" + READY_LINE + "'").atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(alive()).as("MongoDB exited; its log:%n%s", thisStartsLog()).isTrue();
                    return thisStartsLog().lines().anyMatch(line -> line.startsWith(READY_LINE));
                });
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * SIGTERM, and a wait until the process has exited; asserts it stopped cleanly (its shutdown closed the store:
     * {@value #STOPPED_LINE}, exit status 143 = 128 + SIGTERM), not by a SIGKILL after a timeout.
     */
    synchronized void stop() throws InterruptedException {
        assertThat(alive()).as("MongoDB running before its stop").isTrue();
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("MongoDB stopped within 60 s of SIGTERM").isTrue();
        assertThat(process.exitValue()).as("MongoDB's exit status after SIGTERM").isEqualTo(143);
        assertThat(thisStartsLog()).as("MongoDB's log of this start").contains(STOPPED_LINE)
                .doesNotContain("LocalSupport: error while stopping");
    }

    /** Stops it if it runs (at the end of a test; SIGKILL if SIGTERM does not stop it). */
    @Override
    public synchronized void close() throws InterruptedException {
        if (!alive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String thisStartsLog() {
        try {
            var text = Files.readString(log, StandardCharsets.ISO_8859_1);
            var marker = "=== chaos test: start " + starts + " of MongoDB";
            return text.substring(Math.max(0, text.lastIndexOf(marker)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
