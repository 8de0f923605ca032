package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phishnet.schemas.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** ./run.sh as a child process, its output in a file, and the pids it records under its data directory. */
final class RunScript {

    static final String READY_LINE = "PhishNet local stack is up";

    private final Process process;
    private final Path output;
    private final Path dataDir;

    private RunScript(Process process, Path output, Path dataDir) {
        this.process = process;
        this.output = output;
        this.dataDir = dataDir;
    }

    /**
     * Starts run.sh with exactly these PHISHNET_* settings: none inherited from the developer's shell, nor any
     * PLATFORM_* or SPRING_* variable, which run.sh would pass on to the services (a trusted issuer, say).
     */
    static RunScript start(Path root, Path dataDir, Map<String, String> settings, Path output) throws IOException {
        var builder = new ProcessBuilder(root.resolve("run.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PHISHNET_") || name.startsWith("PLATFORM_")
                || name.startsWith("SPRING_"));
        builder.environment().putAll(settings);
        builder.environment().put("PHISHNET_DATA_DIR", dataDir.toString());
        return new RunScript(builder.start(), output, dataDir);
    }

    void awaitReady(Duration timeout) {
        await("run.sh printing '" + READY_LINE + "'")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(process.isAlive()).as("run.sh exited early; its output:%n%s", output()).isTrue();
                    return output().contains(READY_LINE);
                });
    }

    /**
     * How long run.sh may take to stop after Ctrl-C: its own worst case is 30 s for the services (stopped together),
     * 60 s for Kafka, 20 s each for the registry and MongoDB, each then killed; on a loaded 2-core CI machine a stop
     * took over 2 minutes.
     */
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(4);

    /** SIGINT, as Ctrl-C in a terminal would send (Process.destroy() sends SIGTERM). */
    int interruptAndAwaitExit(Duration timeout) throws IOException, InterruptedException {
        var kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("run.sh still running " + timeout.toSeconds() + " s after SIGINT; its output:\n"
                    + output());
        }
        return process.exitValue();
    }

    /** Pids of the processes run.sh started, from its pid files (it deletes each once that process stopped). */
    List<Long> recordedPids() throws IOException {
        var runDir = dataDir.resolve("run");
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(file -> file.toString().endsWith(".pid"))
                    .map(RunScript::readPid)
                    .toList();
        }
    }

    /** The pid run.sh recorded for one part ({@code kafka}, {@code projector}, ...). */
    long pid(String part) throws IOException {
        return readPid(dataDir.resolve("run").resolve(part + ".pid"));
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a test that failed half-way: stop run.sh (SIGTERM) and, failing that, everything it started. */
    void forceStop() throws IOException {
        var pids = recordedPids();
        if (process.isAlive()) {
            process.destroy();
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> !process.isAlive());
            } catch (RuntimeException e) {
                process.destroyForcibly();
            }
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Distinct free ports below the ephemeral range, released for run.sh (see FreePorts). */
    static Map<String, Integer> freePorts(String... variables) {
        return FreePorts.pick(variables);
    }
}
