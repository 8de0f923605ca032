package dev.phishnet.schemas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for processes a test starts, chosen below the kernel's ephemeral range.
 *
 * <p>A port from {@code new ServerSocket(0)} comes from the ephemeral range, the same range the kernel hands to
 * outgoing connections: between the test releasing it and the child process binding it, any client socket on the
 * machine (a Kafka client, say) can take it, and the child fails with "port already in use". Ports picked at random
 * below that range, and checked free on all interfaces, are only ever taken by a process that binds them explicitly.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** One free port per name, all distinct, none handed out before by this JVM. */
    public static synchronized Map<String, Integer> pick(String... names) {
        int highest = ephemeralRangeStart() - 1;
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (var name : names) {
            ports.put(name, pickOne(highest));
        }
        return ports;
    }

    public static int pick() {
        return pick("port").get("port");
    }

    private static int pickOne(int highest) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (!HANDED_OUT.contains(candidate) && bindable(candidate)) {
                HANDED_OUT.add(candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("No free port between " + LOWEST + " and " + highest + " after 1000 tries");
    }

    private static boolean bindable(int port) {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of Linux's ip_local_port_range; 32768 (its usual value) where that file does not exist. */
    private static int ephemeralRangeStart() {
        var range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.isReadable(range)) {
            return 32_768;
        }
        try {
            int start = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
            return Math.max(start, LOWEST + 1_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
