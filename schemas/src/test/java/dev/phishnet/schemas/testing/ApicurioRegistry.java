package dev.phishnet.schemas.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Confluent-compatible schema registry (Apicurio 2.6, unpacked by the build into {@code apicurio.home}) run as
 * a child process on 127.0.0.1, for integration tests. Close it to kill it.
 */
public final class ApicurioRegistry implements AutoCloseable {

    public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private ApicurioRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Keeps schemas in memory: they are lost when the process ends. */
    public static ApicurioRegistry startInMemory(Path workDir) {
        return start(workDir, Optional.empty());
    }

    /** Keeps schemas in an H2 file under {@code storeDir}, so ids survive a kill and restart on the same directory. */
    public static ApicurioRegistry startWithFileStore(Path workDir, Path storeDir) {
        return start(workDir, Optional.of(storeDir));
    }

    private static ApicurioRegistry start(Path workDir, Optional<Path> storeDir) {
        int port = FreePorts.pick();
        try {
            Files.createDirectories(workDir);
            Path log = workDir.resolve("apicurio-" + port + ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // A small heap and the C1 compiler: the registry serves a handful of requests on a 2-core box.
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", runnerJar().toString()))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            // WRITE_DELAY=0: without it a kill -9 right after a registration loses it and the id is later reused.
            storeDir.ifPresent(dir -> env.put("REGISTRY_DATASOURCE_URL",
                    "jdbc:h2:file:" + dir.toAbsolutePath() + "/registry;WRITE_DELAY=0"));
            ApicurioRegistry registry = new ApicurioRegistry(builder.start(), port, log);
            registry.awaitReady();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Apicurio registry", e);
        }
    }

    private static Path runnerJar() throws IOException {
        String home = System.getProperty("apicurio.home");
        if (home == null) {
            throw new IllegalStateException("System property apicurio.home is not set: run the ITs with ./mvnw verify,"
                    + " which unpacks io.apicurio:apicurio-registry-app:tar.gz:all into target/apicurio");
        }
        try (Stream<Path> files = Files.list(Path.of(home))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")
                            || p.getFileName().toString().equals("quarkus-run.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Apicurio runner jar in " + home));
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(confluentUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            await("Apicurio registry on port " + port)
                    .atMost(STARTUP_DEADLINE)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Apicurio registry exited with code " + process.exitValue()
                                    + " while starting; log " + log + ":\n" + logTail());
                        }
                        try {
                            return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                        } catch (IOException notYetListening) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            close();
            throw new IllegalStateException("Apicurio registry not ready within " + STARTUP_DEADLINE.toSeconds()
                    + " s; log " + log + ":\n" + logTail(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Base URL of its Confluent-compatible API. */
    public String confluentUrl() {
        return "http://127.0.0.1:" + port + CONFLUENT_API_PATH;
    }

    public Path log() {
        return log;
    }

    /** The last lines of its output, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Kills the process at once (kill -9), as a crash would. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
