package dev.phishnet.localstack;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A MongoDB-compatible server (mongo-java-server) whose data lives in one H2 MVStore file, so read
 * models survive a restart of the local stack. It lacks transactions, TTL and change streams, which
 * our design does not rely on (see ENVIRONMENT.md).
 */
final class LocalMongo implements AutoCloseable {

    static final String DATA_FILE = "phishnet.mv";

    private final H2Backend backend;
    private final MongoServer server;
    private final Path dataFile;

    private LocalMongo(H2Backend backend, MongoServer server, Path dataFile) {
        this.backend = backend;
        this.server = server;
        this.dataFile = dataFile;
    }

    static LocalMongo start(String host, int port, Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir, e);
        }
        var dataFile = dataDir.resolve(DATA_FILE).toAbsolutePath();
        var backend = new H2Backend(dataFile.toString());
        var server = new MongoServer(backend);
        server.bind(host, port);
        return new LocalMongo(backend, server, dataFile);
    }

    Path dataFile() {
        return dataFile;
    }

    InetSocketAddress address() {
        return server.getLocalAddress();
    }

    /**
     * Closes client connections, then the store: closing the MVStore writes what is still buffered. The
     * network part gets a bounded time (once, under load, it hung on closing its channel), so that the
     * store is closed, and the data kept, whatever happens to the connections.
     */
    @Override
    public void close() {
        try {
            CompletableFuture.runAsync(server::shutdownNow).get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            System.err.println("LocalMongo: connections not closed cleanly (" + e + "); closing the store anyway");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            backend.close(); // also called by MongoServer.shutdownNow(); closing twice is harmless
        }
    }
}
