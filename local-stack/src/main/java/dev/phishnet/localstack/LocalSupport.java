package dev.phishnet.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One small JVM for the local stack's helpers, to save the memory of a second one: MongoDB on an H2
 * file and/or the registry's Confluent API at the root of a port. run.sh starts it; it prints one line
 * starting with {@value #READY} when everything it was asked for listens, and stops cleanly on SIGTERM.
 *
 * <pre>
 * LocalSupport [--host 127.0.0.1]
 *              [--mongo-port 27017 --mongo-data .local/mongo]
 *              [--registry-port 8081 --registry-upstream http://127.0.0.1:18081/apis/ccompat/v7]
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
    record Options(String host, Integer mongoPort, Path mongoData, Integer registryPort, URI registryUpstream) {

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
                    values.containsKey("registry-upstream") ? URI.create(values.get("registry-upstream")) : null);
            values.keySet().removeAll(List.of("host", "mongo-port", "mongo-data", "registry-port", "registry-upstream"));
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + values.keySet());
            }
            if ((options.mongoPort == null) != (options.mongoData == null)) {
                throw new IllegalArgumentException("--mongo-port and --mongo-data go together");
            }
            if ((options.registryPort == null) != (options.registryUpstream == null)) {
                throw new IllegalArgumentException("--registry-port and --registry-upstream go together");
            }
            if (options.mongoPort == null && options.registryPort == null) {
                throw new IllegalArgumentException("nothing to start: give --mongo-port and/or --registry-port");
            }
            return options;
        }

        private static Integer port(String value) {
            return value == null ? null : Integer.valueOf(value);
        }
    }
}
