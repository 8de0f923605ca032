package dev.phishnet.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The no-op peer ({@link NoopServer}) in its own JVM, started from this jar with the services' JVM options
 * (run.sh's PHISHNET_SERVICE_JAVA_OPTS default), so that it competes for the same two cores on the same terms.
 */
final class PeerServer implements AutoCloseable {

    static final List<String> SERVICE_JAVA_OPTS = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private final Process process;
    private final int port;
    private final Path log;

    private PeerServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static PeerServer start(Path log, Duration timeout) throws IOException, InterruptedException {
        return start(log, timeout, List.of());
    }

    /** {@code options}: more options of the noop-server command (e.g. the token sizes of /noop/refresh). */
    static PeerServer start(Path log, Duration timeout, List<String> options) throws IOException, InterruptedException {
        int port = LocalStack.freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(SERVICE_JAVA_OPTS);
        // java -jar bench.jar puts exactly that jar on java.class.path.
        command.addAll(List.of("-jar", System.getProperty("java.class.path"), "noop-server", "--port",
                Integer.toString(port)));
        command.addAll(options);
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var peer = new PeerServer(process, port, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!peer.listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(log);
                peer.close();
                throw new IllegalStateException("the no-op peer did not start (command " + command + "):\n" + output);
            }
            Thread.sleep(200);
        }
        return peer;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    private boolean listening() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            System.err.println("could not delete " + log + ": " + e.getMessage());
        }
    }
}
