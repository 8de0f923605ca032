package dev.phishnet.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the numbers were measured on, and who used the CPU meanwhile. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format("machine: %d cores, %.1f GiB, %s %s (%s), load average %.2f at start",
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Which pid is which part: run.sh's pid files, the peer, and this client. */
    static String legend(LocalStack stack, PeerServer peer) {
        List<String> parts = new ArrayList<>();
        parts.add("bench client=" + ProcessHandle.current().pid());
        if (peer != null) {
            parts.add("no-op peer=" + peer.pid());
        }
        if (stack != null) {
            Path runDir = stack.dataDir().resolve("run");
            try (Stream<Path> files = Files.list(runDir)) {
                files.filter(file -> file.toString().endsWith(".pid")).sorted().forEach(file -> {
                    try {
                        String name = file.getFileName().toString().replace(".pid", "");
                        parts.add(name + "=" + Files.readString(file).trim());
                    } catch (IOException e) {
                        // a part that just stopped: leave it out
                    }
                });
            } catch (IOException e) {
                // no run directory: nothing to name
            }
        }
        return String.join(", ", parts);
    }

    /** The second frame of 'top -b -n 2 -d 2' (the first one's %CPU is not over an interval), first 22 lines. */
    static String top() {
        try {
            var process = new ProcessBuilder("top", "-b", "-n", "2", "-d", "2", "-w", "160").redirectErrorStream(true)
                    .start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            int second = text.lastIndexOf("top - ");
            String frame = second >= 0 ? text.substring(second) : text;
            return String.join("\n", frame.lines().limit(22).toList()) + "\n";
        } catch (IOException e) {
            return "(top failed: " + e.getMessage() + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)\n";
        }
    }
}
