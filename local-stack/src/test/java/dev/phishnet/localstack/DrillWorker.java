package dev.phishnet.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A second cleanup worker beside a running stack, as the README's retention drill starts one: the built jar, its own
 * consumer group and state, and whatever settings the drill gives it (a retention clock running ahead). Its output
 * goes to {@code worker.log} in its directory; closing it stops it as a service is stopped (SIGTERM, then a wait).
 */
final class DrillWorker implements AutoCloseable {

    private final Process process;
    private final Path log;

    private DrillWorker(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DrillWorker start(Path root, Path directory, Map<String, String> settings) throws IOException {
        Files.createDirectories(directory);
        Path log = directory.resolve("worker.log");
        var command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar(root).toString());
        var builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SERVER_ADDRESS", "127.0.0.1");
        builder.environment().putAll(settings);
        return new DrillWorker(builder.start(), log);
    }

    private static Path jar(Path root) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("cleanup-worker/target"))) {
            return files.filter(file -> file.getFileName().toString().matches("cleanup-worker-[0-9].*\\.jar"))
                    .filter(file -> !file.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no cleanup-worker jar: build the project first"));
        }
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
