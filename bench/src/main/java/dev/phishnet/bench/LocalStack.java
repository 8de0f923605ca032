package dev.phishnet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * ./run.sh as a child process on free ports and a temporary data directory, as LocalStackIT runs it: never meets a
 * developer's stack on the default ports. {@link #close()} stops it with SIGINT (Ctrl-C) and checks that every process
 * it recorded has gone.
 */
final class LocalStack implements AutoCloseable {

    static final String READY_LINE = "PhishNet local stack is up";
    private static final List<String> PORT_VARIABLES = List.of("PHISHNET_KAFKA_PORT", "PHISHNET_KAFKA_CONTROLLER_PORT",
            "PHISHNET_REGISTRY_PORT", "PHISHNET_REGISTRY_INTERNAL_PORT", "PHISHNET_MONGODB_PORT",
            "PHISHNET_COMMAND_API_PORT", "PHISHNET_PROJECTOR_PORT", "PHISHNET_CLEANUP_WORKER_PORT",
            "PHISHNET_DEV_ISSUER_PORT");

    private final Process process;
    private final Path dataDir;
    private final Path output;
    private final Map<String, Integer> ports;
    /** mongodb://host:port of the server the services use: run.sh's own, or PHISHNET_MONGODB_URI's. */
    private final String mongoServer;
    private boolean closed;

    private LocalStack(Process process, Path dataDir, Path output, Map<String, Integer> ports, String mongoServer) {
        this.mongoServer = mongoServer;
        this.process = process;
        this.dataDir = dataDir;
        this.output = output;
        this.ports = ports;
    }

    static LocalStack start(Path root, Duration timeout) throws IOException, InterruptedException {
        return start(root, timeout, Map.of());
    }

    /**
     * {@code settings}: more of run.sh's PHISHNET_* variables (e.g. PHISHNET_SERVICES, a part's JVM options), each
     * a deliberate departure from the defaults that the scenario using it reports.
     */
    static LocalStack start(Path root, Duration timeout, Map<String, String> settings)
            throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory("phishnet-bench-");
        Path output = dataDir.resolve("run.sh.out");
        Map<String, Integer> ports = freePorts();
        var builder = new ProcessBuilder(root.resolve("run.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        // Exactly these settings: a PLATFORM_* or SPRING_* variable in the caller's shell would reach the services.
        builder.environment().keySet().removeIf(name -> name.startsWith("PHISHNET_") || name.startsWith("PLATFORM_")
                || name.startsWith("SPRING_"));
        ports.forEach((name, port) -> builder.environment().put(name, Integer.toString(port)));
        builder.environment().put("PHISHNET_DATA_DIR", dataDir.toString());
        builder.environment().put("PHISHNET_START_TIMEOUT", Long.toString(timeout.toSeconds()));
        // One client drives thousands of requests a second: the per-client rate limits would measure themselves.
        builder.environment().put("PLATFORM_RATELIMIT_ENABLED", "false");
        builder.environment().putAll(settings);
        String external = settings.get("PHISHNET_MONGODB_URI");
        String mongoServer = external != null ? external.replaceFirst("^(mongodb://[^/]+).*$", "$1")
                : "mongodb://127.0.0.1:" + ports.get("PHISHNET_MONGODB_PORT");
        var stack = new LocalStack(builder.start(), dataDir, output, ports, mongoServer);
        stack.awaitReady(timeout.plusSeconds(30));
        return stack;
    }

    String apiUrl() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_COMMAND_API_PORT");
    }

    String issuerUrl() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_DEV_ISSUER_PORT");
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + ports.get("PHISHNET_KAFKA_PORT");
    }

    /** The registry's Confluent API (local-support in front of Apicurio): what the services are given. */
    String registryUrl() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_REGISTRY_PORT");
    }

    /** The database the services use (run.sh's PHISHNET_MONGODB_URI default). */
    String mongoUri() {
        return mongoServer + "/phishnet";
    }

    /** Another database of the same MongoDB server (e.g. a rebuild's fresh collections). */
    String mongoUri(String database) {
        return mongoServer + "/" + database;
    }

    /** Apicurio's own API (v2), behind the Confluent API of {@link #registryUrl()}: what Apicurio's clients use. */
    String apicurioUrl() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_REGISTRY_INTERNAL_PORT") + "/apis/registry/v2";
    }

    String projectorUrl() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_PROJECTOR_PORT");
    }

    /** The cleanup-worker's port, free and reserved for it whether run.sh starts it or not. */
    int cleanupWorkerPort() {
        return ports.get("PHISHNET_CLEANUP_WORKER_PORT");
    }

    Path dataDir() {
        return dataDir;
    }

    /** The processes run.sh started, by name (its pid files: kafka, apicurio, local-support, the services). */
    Map<String, Long> pids() {
        Path runDir = dataDir.resolve("run");
        Map<String, Long> pids = new java.util.TreeMap<>();
        if (!Files.isDirectory(runDir)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(runDir)) {
            files.filter(file -> file.toString().endsWith(".pid"))
                    .forEach(file -> pids.put(file.getFileName().toString().replace(".pid", ""), readPid(file)));
        } catch (IOException e) {
            // no run directory yet: nothing started
        }
        return pids;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(READY_LINE)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("run.sh exited (" + process.exitValue() + ") before the stack was up:\n"
                        + output());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("the stack was not up within " + timeout + ":\n" + output());
            }
            Thread.sleep(500);
        }
    }

    /** SIGINT, as Ctrl-C would send; then whatever is still recorded under run/ is killed and reported. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Long> recorded = recordedPids();
        try {
            if (process.isAlive()) {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
                if (!process.waitFor(150, java.util.concurrent.TimeUnit.SECONDS)) {
                    System.err.println("run.sh did not stop within 150 s after SIGINT: terminating it");
                    process.destroy();
                    process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Long> left = new ArrayList<>();
        for (long pid : recorded) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(handle -> {
                left.add(pid);
                handle.destroyForcibly();
            });
        }
        if (!left.isEmpty()) {
            System.err.println("processes of the stack left after run.sh stopped, killed: " + left);
        }
        deleteQuietly(dataDir);
    }

    private List<Long> recordedPids() {
        Path runDir = dataDir.resolve("run");
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(file -> file.toString().endsWith(".pid")).map(LocalStack::readPid).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }

    private static Map<String, Integer> freePorts() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        try {
            for (String variable : PORT_VARIABLES) {
                var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.put(variable, socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
