package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One service jar run as its own JVM with the environment ./run.sh would give it, in a working directory of its own
 * (its Kafka Streams state survives restarts, as under run.sh), its output appended to one log file across restarts.
 * {@link #kill9()} is {@code Process.destroyForcibly()}, which on Linux is SIGKILL: the JVM runs no shutdown hook,
 * closes no producer, leaves no consumer group; the exit status 137 (128 + 9) is checked to prove it.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path directory;
    private final Path log;
    private Process process;
    private int starts;
    private int kills;

    ServiceProcess(String name, Path jar, List<String> jvmOptions, Map<String, String> environment, Path directory,
            Path log) {
        this.name = name;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.directory = directory;
        this.log = log;
    }

    /** The service's jar, as the build left it ({@code <module>/target/<module>-<version>.jar}). */
    static Path jar(Path root, String module) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(module).resolve("target"))) {
            return files.filter(file -> file.getFileName().toString().matches(module + "-[0-9][^/]*\\.jar"))
                    .filter(file -> !file.getFileName().toString().endsWith("-sources.jar")
                            && !file.getFileName().toString().endsWith("-tests.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + module + " jar: package the project first"));
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    int kills() {
        return kills;
    }

    synchronized void start() throws IOException {
        assertThat(process == null || !process.isAlive()).as("%s already running", name).isTrue();
        Files.createDirectories(directory);
        Files.createDirectories(log.getParent());
        starts++;
        Files.writeString(log, "=== chaos test: start " + starts + " of " + name + " at " + Instant.now() + " ===\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Nothing from the developer's shell: exactly the settings run.sh would pass.
        builder.environment().keySet().removeIf(variable -> variable.startsWith("PHISHNET_")
                || variable.startsWith("PLATFORM_") || variable.startsWith("SPRING_") || variable.startsWith("SERVER_"));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    /** SIGKILL, then the exit status checked: 137 is "killed by signal 9", nothing graceful ran. */
    synchronized void kill9() throws InterruptedException {
        assertThat(process.isAlive()).as("%s alive before its kill", name).isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s gone after SIGKILL", name).isTrue();
        assertThat(process.exitValue()).as("%s's exit status after SIGKILL", name).isEqualTo(137);
        kills++;
    }

    /** The id of its current process: a restart changes it. */
    synchronized long pid() {
        return process.pid();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM and a wait, as run.sh stops a service at the end; SIGKILL if it does not stop. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
