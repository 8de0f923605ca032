package dev.phishnet.localstack.chaos;

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

/**
 * ./run.sh with {@code PHISHNET_SERVICES=""}: Kafka, the schema registry, MongoDB and the development token issuer on
 * free ports and a fresh data directory, and none of the services (the crash loop runs those itself, to kill them).
 */
final class Infrastructure implements AutoCloseable {

    private static final String READY_LINE = "PhishNet local stack is up";

    private final Process process;
    private final Path output;
    private final Path dataDir;
    private final Map<String, Integer> ports;
    private final Map<String, String> settings;

    private Infrastructure(Process process, Path output, Path dataDir, Map<String, Integer> ports,
            Map<String, String> settings) {
        this.process = process;
        this.output = output;
        this.dataDir = dataDir;
        this.ports = ports;
        this.settings = settings;
    }

    /** Starts run.sh; the service ports are chosen here too, for the services the test starts itself. */
    static Infrastructure start(Path root, Path workDir) throws IOException {
        return start(root, workDir, Map.of());
    }

    /**
     * Starts run.sh with these PHISHNET_* settings on top, e.g. {@code PHISHNET_KAFKA_BOOTSTRAP} or
     * {@code PHISHNET_MONGODB_URI} for a broker or a MongoDB the test starts (and stops) itself.
     */
    static Infrastructure start(Path root, Path workDir, Map<String, String> settings) throws IOException {
        var ports = freePorts("PHISHNET_KAFKA_PORT", "PHISHNET_KAFKA_CONTROLLER_PORT", "PHISHNET_REGISTRY_PORT",
                "PHISHNET_REGISTRY_INTERNAL_PORT", "PHISHNET_MONGODB_PORT", "PHISHNET_DEV_ISSUER_PORT",
                "PHISHNET_COMMAND_API_PORT", "PHISHNET_PROJECTOR_PORT", "PHISHNET_CLEANUP_WORKER_PORT");
        var dataDir = workDir.resolve("data");
        var output = workDir.resolve("run.out");
        var builder = new ProcessBuilder(root.resolve("run.sh").toString()).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("PHISHNET_") || name.startsWith("PLATFORM_")
                || name.startsWith("SPRING_"));
        ports.forEach((variable, port) -> builder.environment().put(variable, port.toString()));
        builder.environment().put("PHISHNET_SERVICES", "");
        builder.environment().put("PHISHNET_DATA_DIR", dataDir.toString());
        builder.environment().putAll(settings);
        return new Infrastructure(builder.start(), output, dataDir, ports, Map.copyOf(settings));
    }

    void awaitReady(Duration timeout) {
        await("run.sh printing '" + READY_LINE + "'").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(process.isAlive()).as("run.sh exited early; its output:%n%s", output()).isTrue();
                    return output().contains(READY_LINE);
                });
    }

    int port(String variable) {
        return ports.get(variable);
    }

    String kafka() {
        return settings.getOrDefault("PHISHNET_KAFKA_BOOTSTRAP", "127.0.0.1:" + port("PHISHNET_KAFKA_PORT"));
    }

    String registry() {
        return "http://127.0.0.1:" + port("PHISHNET_REGISTRY_PORT");
    }

    String mongo() {
        return settings.getOrDefault("PHISHNET_MONGODB_URI",
                "mongodb://127.0.0.1:" + port("PHISHNET_MONGODB_PORT") + "/phishnet");
    }

    String issuer() {
        return "http://127.0.0.1:" + port("PHISHNET_DEV_ISSUER_PORT");
    }

    Path dataDir() {
        return dataDir;
    }

    Path outputFile() {
        return output;
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ctrl-C, as a user stops run.sh; it stops Kafka, the registry and MongoDB in order. */
    @Override
    public void close() throws IOException, InterruptedException {
        var started = recordedPids();
        if (process.isAlive()) {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        // run.sh stopped what it started; if it could not, its pid files name what is left.
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private List<Long> recordedPids() throws IOException {
        var runDir = dataDir.resolve("run");
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (var files = Files.list(runDir)) {
            return files.filter(file -> file.toString().endsWith(".pid")).map(file -> {
                try {
                    return Long.parseLong(Files.readString(file).trim());
                } catch (IOException | NumberFormatException gone) {
                    return -1L;
                }
            }).filter(pid -> pid > 0).toList();
        }
    }

    private static Map<String, Integer> freePorts(String... variables) {
        return FreePorts.pick(variables);
    }
}
