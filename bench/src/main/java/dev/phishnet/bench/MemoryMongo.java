package dev.phishnet.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The rebuild bench's {@code --mongo memory}: mongo-java-server (the stack's MongoDB, same version) with its memory
 * backend instead of the H2 file, in its own JVM started from this jar with local-support's options; run.sh is then
 * given it as an external MongoDB (PHISHNET_MONGODB_URI) and starts none of its own. The local stack offers no
 * in-memory store; this is the closest: the same server code without the file store that failed at 1,000,000.
 */
final class MemoryMongo implements AutoCloseable {

    static final String NAME = "memory-mongo";

    private final Process process;
    private final int port;

    private MemoryMongo(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static MemoryMongo start(String javaOptions, Path log, Duration timeout) throws IOException, InterruptedException {
        int port = LocalStack.freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(javaOptions.trim().split("\\s+")));
        command.addAll(List.of("-jar", System.getProperty("java.class.path"), NAME, "--port", Integer.toString(port)));
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var server = new MemoryMongo(process, port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!server.listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("the in-memory MongoDB did not start (" + command + "):\n"
                        + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return server;
    }

    String uri(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database;
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
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** {@code bench.jar memory-mongo --port N}: serves until the JVM is stopped. */
    @Command(name = NAME, description = "mongo-java-server with the memory backend (started by 'rebuild --mongo memory').")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--port", required = true)
        int port;

        @Override
        public Integer call() throws InterruptedException {
            var server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", port);
            System.out.println("memory-mongo listening on 127.0.0.1:" + port);
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
            new CountDownLatch(1).await();
            return 0;
        }
    }
}
