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

/**
 * A second command-api next to the one run.sh started: the same command line and the same environment (read from
 * /proc of the first: Kafka, registry, MongoDB, the processor's application id, the signing keys and token issuer, the
 * secrets), only another port and its own working directory (its Streams state). It joins the processor's consumer
 * group, so the two share the partitions of {@code commands}, as two replicas of the service would in production.
 */
final class SecondInstance implements AutoCloseable {

    static final String NAME = "command-api-b";

    private static final HttpClient HEALTH = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path pidFile;
    private final Path log;

    private SecondInstance(Process process, int port, Path pidFile, Path log) {
        this.process = process;
        this.port = port;
        this.pidFile = pidFile;
        this.log = log;
    }

    static SecondInstance start(LocalStack stack, Duration timeout) throws IOException, InterruptedException {
        Long first = stack.pids().get("command-api");
        if (first == null) {
            throw new IllegalStateException("run.sh started no command-api (no run/command-api.pid)");
        }
        List<String> command = Arrays.asList(procFile(first, "cmdline").split("\0"));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : procFile(first, "environ").split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        int port = LocalStack.freePort();
        environment.put("SERVER_PORT", Integer.toString(port));
        Path workDir = Files.createDirectories(stack.dataDir().resolve("services").resolve(NAME));
        Path log = stack.dataDir().resolve("logs").resolve(NAME + ".log");
        var builder = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Beside run.sh's own pid files: the legend names it, and LocalStack.close() stops it if we cannot.
        Path pidFile = stack.dataDir().resolve("run").resolve(NAME + ".pid");
        Files.writeString(pidFile, Long.toString(process.pid()));
        var instance = new SecondInstance(process, port, pidFile, log);
        try {
            instance.awaitRunning(timeout);
        } catch (RuntimeException | InterruptedException e) {
            instance.close();
            throw e;
        }
        return instance;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Up, and its command processor RUNNING (run.sh's own check): it then owns its share of the partitions. */
    private void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!processorRunning(url())) {
            if (!process.isAlive()) {
                throw new IllegalStateException(NAME + " exited (" + process.exitValue() + "); its log:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(NAME + " was not up within " + timeout + "; its log:\n" + tail());
            }
            Thread.sleep(300);
        }
    }

    /** Whether an instance's processor runs (not rebalancing): commands sent now are decided at once. */
    static boolean processorRunning(String baseUrl) {
        try {
            var request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/commandProcessor"))
                    .timeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> response = HEALTH.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"state\":\"RUNNING\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void awaitProcessorRunning(String baseUrl, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!processorRunning(baseUrl)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the command processor of " + baseUrl + " is not RUNNING after "
                        + timeout);
            }
            Thread.sleep(300);
        }
    }

    private String tail() {
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

    /** SIGTERM: Spring's graceful shutdown, and Streams leaves the group (the first instance takes the partitions back). */
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
