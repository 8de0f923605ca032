package dev.phishnet.importer;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Imports a JSON Lines export of the legacy store: {@code users.jsonl} first (so that every later record's user
 * exists), then sessions (skipped), analyses, indicators and audit logs. Each record becomes one command with a
 * deterministic id, so a re-run imports nothing twice: the deciders refuse existing aggregates, counted as
 * duplicates. Progress goes to stderr, the summary to stdout, rejected records with their reasons to the rejects file.
 *
 * <p>Exit status: 0 when every record was imported, a duplicate or skipped; 2 when some were rejected; 1 on error.
 */
@Command(name = "legacy-importer", mixinStandardHelpOptions = true,
        description = "Imports a JSON Lines export of the legacy store into PhishNet.")
public final class LegacyImport implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--tenant", defaultValue = "default", description = "Tenant to import into (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--schema-registry", defaultValue = "http://localhost:8081",
            description = "Confluent-compatible schema registry URL (default: ${DEFAULT-VALUE}).")
    String schemaRegistry;

    @Option(names = "--input", required = true, split = ",",
            description = "A directory holding the export's *.jsonl files, or the files themselves.")
    List<Path> input;

    @Option(names = "--rejects", defaultValue = "legacy-rejects.jsonl",
            description = "Where rejected records go, one JSON object a line (default: ${DEFAULT-VALUE}).")
    Path rejects;

    @Option(names = "--concurrency", defaultValue = "64", description = "Commands in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--commands-topic", defaultValue = "commands")
    String commandsTopic;

    @Option(names = "--replies-topic", defaultValue = "command-replies")
    String repliesTopic;

    @Option(names = "--reply-timeout", defaultValue = "PT30S", description = "How long to wait for each reply.")
    Duration replyTimeout;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LegacyImport()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (concurrency < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--concurrency must be at least 1");
        }
        Map<Export, Path> files = files(input);
        long total = 0;
        for (Path file : files.values()) {
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                total += lines.filter(line -> !line.isBlank()).count();
            }
        }
        Tally tally = new Tally();
        Progress progress = new Progress(System.err, total);
        LegacyMapper mapper = new LegacyMapper(tenant, Clock.systemUTC());
        try (CommandSender sender = new CommandSender(bootstrapServers, schemaRegistry, commandsTopic, repliesTopic,
                replyTimeout);
                BufferedWriter rejected = Files.newBufferedWriter(rejects, StandardCharsets.UTF_8)) {
            Rejects out = new Rejects(rejected);
            for (Map.Entry<Export, Path> file : files.entrySet()) {
                importFile(file.getKey(), file.getValue(), mapper, sender, tally, progress, out);
            }
        }
        progress.finish();
        PrintStream stdout = System.out;
        stdout.print(tally.summary());
        stdout.println("rejects written to " + rejects.toAbsolutePath());
        return tally.total(Outcome.Kind.REJECTED) > 0 ? 2 : 0;
    }

    /** Sends every record of one file with at most {@code concurrency} in flight, and waits for all replies. */
    private void importFile(Export export, Path file, LegacyMapper mapper, CommandSender sender, Tally tally,
            Progress progress, Rejects rejects) throws IOException, InterruptedException {
        // In-flight commands hold a permit each; taking every permit at the end waits for the last reply, with no
        // list of futures growing with the export.
        Semaphore inFlight = new Semaphore(concurrency);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String text = line;
                long lineNumber = number;
                Mapped mapped = mapLine(export, text, mapper);
                if (mapped instanceof Mapped.Send send) {
                    inFlight.acquire();
                    sender.send(send.key(), send.command()).whenComplete((reply, error) -> {
                        try {
                            Outcome outcome = error != null
                                    ? Outcome.rejected(noReply(error))
                                    : Outcome.of(reply);
                            record(export, file, lineNumber, text, outcome, tally, progress, rejects);
                        } finally {
                            inFlight.release();
                        }
                    });
                } else if (mapped instanceof Mapped.Skip skip) {
                    record(export, file, lineNumber, text, Outcome.skipped(skip.reason()), tally, progress, rejects);
                } else {
                    record(export, file, lineNumber, text, Outcome.rejected(((Mapped.Reject) mapped).reason()), tally,
                            progress, rejects);
                }
            }
        }
        inFlight.acquire(concurrency);
    }

    private String noReply(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return cause instanceof java.util.concurrent.TimeoutException
                ? "no reply within " + replyTimeout + " (is the command processor running?)"
                : "not sent: " + cause.getClass().getSimpleName();
    }

    private static Mapped mapLine(Export export, String line, LegacyMapper mapper) {
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (IOException e) {
            return new Mapped.Reject("not a JSON object");
        }
        if (!record.isObject()) {
            return new Mapped.Reject("not a JSON object");
        }
        return mapper.map(export, record);
    }

    private static void record(Export export, Path file, long line, String text, Outcome outcome, Tally tally,
            Progress progress, Rejects rejects) {
        tally.add(export, outcome);
        if (outcome.kind() == Outcome.Kind.REJECTED) {
            rejects.write(file, line, text, outcome.reason());
        }
        progress.step();
    }

    /** The export files by collection, in import order; a directory contributes the files it has. */
    static Map<Export, Path> files(List<Path> input) {
        Map<Export, Path> found = new java.util.EnumMap<>(Export.class);
        for (Path path : input) {
            if (Files.isDirectory(path)) {
                for (Export export : Export.values()) {
                    Path file = path.resolve(export.fileName());
                    if (Files.isRegularFile(file)) {
                        found.put(export, file);
                    }
                }
            } else if (Files.isRegularFile(path)) {
                found.put(Export.ofFileName(path.getFileName().toString()), path);
            } else {
                throw new CommandLine.ParameterException(new CommandLine(new LegacyImport()),
                        "--input: no such file or directory: " + path);
            }
        }
        if (found.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(new LegacyImport()),
                    "--input: no legacy export file (users.jsonl, ...) found");
        }
        return new LinkedHashMap<>(found);
    }

    /** The rejects file: the record as exported (or its raw text when it is no JSON), the file, line and reason. */
    static final class Rejects {
        private final BufferedWriter out;

        Rejects(BufferedWriter out) {
            this.out = out;
        }

        synchronized void write(Path file, long line, String text, String reason) {
            ObjectNode reject = JSON.createObjectNode();
            reject.put("file", file.getFileName().toString());
            reject.put("line", line);
            try {
                reject.set("record", JSON.readTree(text));
            } catch (IOException e) {
                reject.put("record", text);
            }
            reject.put("reason", reason);
            try {
                out.write(reject.toString());
                out.newLine();
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
