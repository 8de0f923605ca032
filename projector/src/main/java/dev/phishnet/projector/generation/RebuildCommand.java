package dev.phishnet.projector.generation;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bson.Document;
import org.springframework.boot.convert.DurationStyle;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar projector.jar rebuild [--api URL] [--token TOKEN] [--interval 2s] [--watch]}: asks command-api for
 * a blue/green rebuild ({@code POST /api/v1/admin/projections/rebuild}), or with {@code --watch} follows the one
 * running, and prints its progress ({@code GET /api/v1/admin/projections}) until the new generation is active. The
 * token (an operator's: an admin of the operator tenant) comes from {@code --token} or {@code PHISHNET_TOKEN}. Exit
 * status 0 once the generation is active, 1 on an error, 2 on bad usage.
 */
public final class RebuildCommand {

    static final String DEFAULT_API = "http://127.0.0.1:8080";
    private static final String PROJECTIONS = "/api/v1/admin/projections";

    /** @param watchOnly follow the running rebuild instead of starting one */
    record Options(URI api, String token, Duration interval, boolean watchOnly) {

        static Options parse(List<String> args, Map<String, String> environment) {
            String api = environment.getOrDefault("PHISHNET_API", DEFAULT_API);
            String token = environment.get("PHISHNET_TOKEN");
            Duration interval = Duration.ofSeconds(2);
            boolean watchOnly = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--api" -> api = value(args, ++i, arg);
                    case "--token" -> token = value(args, ++i, arg);
                    case "--interval" -> interval = DurationStyle.detectAndParse(value(args, ++i, arg));
                    case "--watch" -> watchOnly = true;
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("an operator's token is needed: --token or PHISHNET_TOKEN");
            }
            return new Options(URI.create(api.replaceAll("/+$", "")), token, interval, watchOnly);
        }

        private static String value(List<String> args, int index, String option) {
            if (index >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(index);
        }
    }

    private final Options options;
    private final HttpClient http;
    private final PrintStream out;

    RebuildCommand(Options options, HttpClient http, PrintStream out) {
        this.options = options;
        this.http = http;
        this.out = out;
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("rebuild: " + e.getMessage());
            System.err.println("usage: java -jar projector.jar rebuild [--api " + DEFAULT_API
                    + "] [--token TOKEN | PHISHNET_TOKEN=...] [--interval 2s] [--watch]");
            System.exit(2);
            return;
        }
        try {
            new RebuildCommand(options, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                    System.out).run();
            System.exit(0);
        } catch (IOException | IllegalStateException e) {
            System.err.println("rebuild: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    /** Starts (or finds) the rebuild and prints its progress until its generation is active. */
    void run() throws IOException, InterruptedException {
        int generation = options.watchOnly() ? running() : start();
        while (true) {
            Document overview = get();
            Document found = overview.getList("generations", Document.class).stream()
                    .filter(candidate -> candidate.getInteger("generation", 0) == generation).findFirst()
                    .orElseThrow(() -> new IllegalStateException("generation " + generation + " is gone"));
            out.println(describe(found));
            if (overview.getInteger("active", 1) == generation) {
                out.println("Generation " + generation + " is active: the queries read it now.");
                return;
            }
            if ("DROPPED".equals(found.getString("state")) || "RETIRED".equals(found.getString("state"))) {
                throw new IllegalStateException("generation " + generation + " was " + found.getString("state"));
            }
            Thread.sleep(options.interval().toMillis());
        }
    }

    private int start() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(PROJECTIONS + "/rebuild")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 409) {
            out.println("A rebuild is already running; following it.");
            return running();
        }
        Document body = body(response, 202);
        int generation = body.getInteger("generation");
        out.println("Rebuild of generation " + generation + " requested.");
        return generation;
    }

    private int running() throws IOException, InterruptedException {
        Integer building = get().getInteger("building");
        if (building == null) {
            throw new IllegalStateException("no rebuild is running");
        }
        return building;
    }

    private Document get() throws IOException, InterruptedException {
        return body(http.send(request(PROJECTIONS).GET().build(), HttpResponse.BodyHandlers.ofString()), 200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(options.api() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + options.token()).header("Accept", "application/json");
    }

    private static Document body(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " from " + response.uri() + ": "
                    + response.body());
        }
        return Document.parse(response.body());
    }

    /** One progress line: state, share applied, lag, rate and ETA of the generation. */
    static String describe(Document generation) {
        Document progress = generation.get("progress", Document.class);
        String head = "g" + generation.getInteger("generation") + " " + generation.getString("state");
        if (progress == null) {
            return head + ": no progress measured yet";
        }
        long checkpoint = number(progress, "checkpoint");
        long end = number(progress, "endOffset");
        long lag = number(progress, "lag");
        double rate = progress.get("eventsPerSecond", Number.class) == null ? 0
                : progress.get("eventsPerSecond", Number.class).doubleValue();
        @Nullable Number eta = progress.get("etaSeconds", Number.class);
        return String.format(Locale.ROOT, "%s: checkpoint %d of %d, lag %d, %.0f events/s, ETA %s, %d partitions",
                head, checkpoint, end, lag, rate, eta == null ? "unknown" : eta.longValue() + " s",
                progress.getList("partitions", Document.class, List.of()).size());
    }

    private static long number(Document document, String field) {
        Number value = document.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }
}
