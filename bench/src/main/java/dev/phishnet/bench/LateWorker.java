package dev.phishnet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The cleanup-worker, started by the bench once the stack it joins is up (run.sh started the stack without it): the
 * command line and environment run.sh gives the projector (its JVM options, Kafka, the registry, the topics' settings,
 * read from /proc), with the cleanup-worker's jar and port, no MongoDB (run.sh gives it none), and the settings the
 * scenario names. Its pid file sits beside run.sh's, so the legend names it and {@link LocalStack#close()} stops it if
 * this class could not. {@link #projectorCopy} starts a second projector the same way (the rebuild bench's generation).
 */
final class LateWorker implements AutoCloseable {

    static final String NAME = "cleanup-worker";

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path pidFile;
    private final Path log;

    private LateWorker(String name, Process process, int port, Path pidFile, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.pidFile = pidFile;
        this.log = log;
    }

    static LateWorker start(LocalStack stack, Path root, Map<String, String> settings, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, String> environment = new LinkedHashMap<>(settings);
        // As run.sh starts it: everything in Kafka, no MongoDB (an empty value removes the variable).
        environment.putIfAbsent("SPRING_MONGODB_URI", "");
        LateWorker worker = launch(stack, NAME, jar -> {
            Path workerJar = root.resolve(NAME).resolve("target")
                    .resolve(Path.of(jar).getFileName().toString().replace("projector", NAME));
            if (!Files.isRegularFile(workerJar)) {
                throw new IllegalStateException("no " + workerJar + ": build it first (./mvnw -B -q -DskipTests package)");
            }
            return workerJar.toString();
        }, stack.cleanupWorkerPort(), List.of(), environment);
        try {
            worker.awaitUp(timeout);
        } catch (RuntimeException | InterruptedException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    /**
     * Another projector next to the one run.sh started, from the same jar, command line and environment, on its own
     * port and working directory (its Streams state), with {@code settings} on top (e.g. other application ids and
     * another database: a rebuild's generation) and {@code jvmOptions} before {@code -jar}. Returns at once: the
     * caller measures its start-up.
     */
    static LateWorker projectorCopy(LocalStack stack, String name, List<String> jvmOptions,
            Map<String, String> settings) throws IOException {
        return launch(stack, name, jar -> jar, LocalStack.freePort(), jvmOptions, settings);
    }

    /** The projector's command line with another jar, and its environment with {@code settings} ("" removes one). */
    private static LateWorker launch(LocalStack stack, String name, UnaryOperator<String> jarOf, int port,
            List<String> jvmOptions, Map<String, String> settings) throws IOException {
        Long projector = stack.pids().get("projector");
        if (projector == null) {
            throw new IllegalStateException("run.sh started no projector (no run/projector.pid) to take settings from");
        }
        List<String> command = new ArrayList<>(Arrays.asList(procFile(projector, "cmdline").split("\0")));
        int jar = command.indexOf("-jar") + 1;
        if (jar == 0 || jar >= command.size()) {
            throw new IllegalStateException("the projector was not started with -jar: " + command);
        }
        command.set(jar, jarOf.apply(command.get(jar)));
        command.addAll(jar - 1, jvmOptions);
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : procFile(projector, "environ").split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        environment.put("SERVER_PORT", Integer.toString(port));
        settings.forEach((key, value) -> {
            if (value.isEmpty()) {
                environment.remove(key);
            } else {
                environment.put(key, value);
            }
        });
        Path workDir = Files.createDirectories(stack.dataDir().resolve("services").resolve(name));
        Path log = stack.dataDir().resolve("logs").resolve(name + ".log");
        var builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        Path pidFile = stack.dataDir().resolve("run").resolve(name + ".pid");
        Files.writeString(pidFile, Long.toString(process.pid()));
        return new LateWorker(name, process, port, pidFile, log);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    void awaitUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!up()) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + "); its log:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not up within " + timeout + "; its log:\n" + tail());
            }
            Thread.sleep(300);
        }
    }

    /** run.sh's own check for it: /actuator/health says UP. */
    boolean up() {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> response = HEALTH.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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

    private static String procFile(long pid, String name) throws IOException {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), name)), StandardCharsets.UTF_8);
    }

    /** SIGTERM: Spring's graceful shutdown closes its Streams application. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println(name + " did not stop within 60 s after SIGTERM: killing it");
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
