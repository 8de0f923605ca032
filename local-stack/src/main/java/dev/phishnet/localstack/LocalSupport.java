package dev.phishnet.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One small JVM for the local stack's helpers, to save the memory of a second one: MongoDB on an H2
 * file, the registry's Confluent API at the root of a port, and/or the development token issuer. run.sh starts
 * it; it prints one line
 * starting with {@value #READY} when everything it was asked for listens, and stops cleanly on SIGTERM.
 *
 * <pre>
 * LocalSupport [--host 127.0.0.1]
 *              [--mongo-port 27017 --mongo-data .local/mongo]
 *              [--registry-port 8081 --registry-upstream http://127.0.0.1:18081/apis/ccompat/v7]
 *              [--issuer-port 8090 --issuer-key .local/dev-issuer/key.json]
 * </pre>
 */
public final class LocalSupport {

    static final String READY = "LocalSupport ready:";

    private LocalSupport() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LocalSupport: " + e.getMessage());
            System.exit(2);
            return;
        }

        List<AutoCloseable> started = new ArrayList<>();
        // Runs on SIGTERM/SIGINT and on normal exit; closes in reverse order of start.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(started), "local-support-shutdown"));

        var parts = new ArrayList<String>();
        if (options.mongoPort() != null) {
            var mongo = LocalMongo.start(options.host(), options.mongoPort(), options.mongoData());
            started.add(mongo);
            parts.add("mongodb=" + options.host() + ":" + mongo.address().getPort()
                    + " (data " + mongo.dataFile() + ")");
        }
        if (options.registryPort() != null) {
            var proxy = RegistryProxy.start(options.host(), options.registryPort(), options.registryUpstream());
            started.add(proxy);
            parts.add("registry=http://" + options.host() + ":" + proxy.address().getPort()
                    + " -> " + options.registryUpstream());
        }
        if (options.issuerPort() != null) {
            var issuer = DevTokenIssuer.start(options.host(), options.issuerPort(), options.issuerKey());
            started.add(issuer);
            parts.add("dev-issuer=" + issuer.issuer() + " (key " + options.issuerKey() + ", kid " + issuer.keyId() + ")");
            System.out.println("WARNING: " + issuer.issuer() + " is a DEVELOPMENT token issuer: it mints a token for "
                    + "anyone who asks, with any tenant and roles. Local stack only; never trust it anywhere else.");
        }
        System.out.println(READY + " " + String.join(", ", parts));
        System.out.flush();
        // Non-daemon server threads keep the JVM alive until it is told to stop.
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("LocalSupport: error while stopping " + started.get(i) + ": " + e);
            }
        }
        System.out.println("LocalSupport stopped");
        System.out.flush();
    }

    /** Command-line options; a part is started only when its port is given. */
    record Options(String host, Integer mongoPort, Path mongoData, Integer registryPort, URI registryUpstream,
            Integer issuerPort, Path issuerKey) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", args));
                }
                values.put(args[i].substring(2), args[i + 1]);
            }
            var options = new Options(
                    values.getOrDefault("host", "127.0.0.1"),
                    port(values.get("mongo-port")),
                    values.containsKey("mongo-data") ? Path.of(values.get("mongo-data")) : null,
                    port(values.get("registry-port")),
                    values.containsKey("registry-upstream") ? URI.create(values.get("registry-upstream")) : null,
                    port(values.get("issuer-port")),
                    values.containsKey("issuer-key") ? Path.of(values.get("issuer-key")) : null);
            values.keySet().removeAll(List.of("host", "mongo-port", "mongo-data", "registry-port", "registry-upstream",
                    "issuer-port", "issuer-key"));
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + values.keySet());
            }
            if ((options.mongoPort == null) != (options.mongoData == null)) {
                throw new IllegalArgumentException("--mongo-port and --mongo-data go together");
            }
            if ((options.registryPort == null) != (options.registryUpstream == null)) {
                throw new IllegalArgumentException("--registry-port and --registry-upstream go together");
            }
            if ((options.issuerPort == null) != (options.issuerKey == null)) {
                throw new IllegalArgumentException("--issuer-port and --issuer-key go together");
            }
            if (options.mongoPort == null && options.registryPort == null && options.issuerPort == null) {
                throw new IllegalArgumentException("nothing to start: give --mongo-port, --registry-port and/or "
                        + "--issuer-port");
            }
            return options;
        }

        private static Integer port(String value) {
            return value == null ? null : Integer.valueOf(value);
        }
    }
}
