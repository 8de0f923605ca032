package dev.phishnet.commandapi.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judges each answer of a fuzz run and sums the run up. A failure is: no answer within the deadline (hung), a
 * connection closed without an answer, a 5xx, a 3xx, a 2xx to a method that changes state, a 4xx that is not a
 * parseable {@code application/problem+json} of that status (but for the codec's bodiless refusals, see
 * {@link #codecRefusal}), or an answer that contains the other tenant's marker.
 */
final class Verdicts {

    /** One request and what became of it. */
    record Outcome(int index, FuzzRequest request, RawHttpClient.Result result, long nanos) {
    }

    /**
     * Reactor Netty answers these itself, with no body, when the bytes are not HTTP it can parse: a malformed request
     * line or header block (400), a body it cannot frame (400, 413), a request line or headers over their limits (414,
     * 431); and Spring's server adapter answers a bodiless 400 to a target that is not a URI. No application code,
     * hence no problem document, is involved.
     */
    private static final Set<Integer> CODEC_STATUSES = Set.of(400, 413, 414, 431);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int SHOWN = 40;

    private final List<Outcome> outcomes;
    private final String marker;
    private final List<String> failures = new ArrayList<>();
    private final List<String> acceptedSafe = new ArrayList<>();
    private final Map<String, Integer> codecRefusals = new TreeMap<>();

    Verdicts(List<Outcome> outcomes, String marker) {
        this.outcomes = outcomes;
        this.marker = marker;
        outcomes.forEach(this::judge);
    }

    List<String> failures() {
        return failures;
    }

    private void judge(Outcome outcome) {
        FuzzRequest request = outcome.request();
        String where = "#" + outcome.index() + " " + request.describe();
        if (outcome.result() instanceof RawHttpClient.Hung hung) {
            failures.add("HUNG " + hung.detail() + ": " + where);
        } else if (outcome.result() instanceof RawHttpClient.Closed closed) {
            failures.add("CLOSED without an answer (" + closed.detail() + "): " + where);
        } else if (outcome.result() instanceof RawHttpClient.Response response) {
            judge(response, request, where);
        }
    }

    private void judge(RawHttpClient.Response response, FuzzRequest request, String where) {
        int status = response.status();
        String answer = status + " " + response.header("content-type") + " " + cut(response.bodyText());
        if (response.bodyText().contains(marker)) {
            failures.add("LEAKED another tenant's data: " + answer + ": " + where);
        }
        if (status >= 500) {
            failures.add("5xx " + answer + ": " + where);
        } else if (status >= 300 && status < 400) {
            failures.add("REDIRECT " + answer + ": " + where);
        } else if (status < 300) {
            if (SAFE_METHODS.contains(request.sentMethod())) {
                acceptedSafe.add(status + " " + request.sentMethod() + " " + request.kind + " " + request.endpoint());
            } else {
                failures.add("ACCEPTED a fuzzed request that changes state: " + answer + ": " + where);
            }
        } else if (!isProblem(response, request.isHead())) {
            if (codecRefusal(response, request)) {
                codecRefusals.merge(status + " " + request.kind, 1, Integer::sum);
            } else {
                failures.add("4xx without a problem document: " + answer + ": " + where);
            }
        }
    }

    private static boolean isProblem(RawHttpClient.Response response, boolean head) {
        String type = response.header("content-type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return false;
        }
        if (head) {
            // The answer to a HEAD has the headers of the problem, never its body.
            return true;
        }
        try {
            JsonNode problem = JSON.readTree(response.body());
            return problem.isObject() && problem.path("status").asInt() == response.status()
                    && problem.hasNonNull("title");
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** A bodiless refusal by the HTTP codec or the server adapter, of a request that never reached the application. */
    private static boolean codecRefusal(RawHttpClient.Response response, FuzzRequest request) {
        return CODEC_STATUSES.contains(response.status()) && response.body().length == 0
                && response.header("content-type") == null && request.refusedBeforeTheApplication();
    }

    String summary(Duration elapsed) {
        Map<String, Integer> byEndpoint = new TreeMap<>();
        Map<Kind, Map<String, Integer>> byKind = new TreeMap<>();
        Map<String, Integer> statuses = new TreeMap<>();
        Map<Kind, long[]> timeByKind = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            long[] time = timeByKind.computeIfAbsent(outcome.request().kind, kind -> new long[2]);
            time[0] += outcome.nanos();
            time[1] = Math.max(time[1], outcome.nanos());
            String status = outcome.result() instanceof RawHttpClient.Response response
                    ? Integer.toString(response.status())
                    : outcome.result() instanceof RawHttpClient.Hung ? "hung" : "closed";
            byEndpoint.merge(outcome.request().endpoint().toString(), 1, Integer::sum);
            byKind.computeIfAbsent(outcome.request().kind, kind -> new TreeMap<>()).merge(status, 1, Integer::sum);
            statuses.merge(status, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder("\n===== Fuzzed input: ").append(outcomes.size())
                .append(" requests in ").append(elapsed.toMillis()).append(" ms (")
                .append(elapsed.isZero() ? 0 : outcomes.size() * 1000L / Math.max(1, elapsed.toMillis()))
                .append(" requests/s) =====\n");
        out.append("Status codes: ").append(statuses).append('\n');
        out.append("Requests per endpoint (").append(byEndpoint.size()).append(" endpoints):\n");
        byEndpoint.forEach((endpoint, count) -> out.append(String.format("  %6d  %s%n", count, endpoint)));
        out.append("Requests per kind, by status:\n");
        byKind.forEach((kind, counts) -> {
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            long[] time = timeByKind.get(kind);
            out.append(String.format("  %6d  %-24s mean %5.1f ms, max %6.1f ms  %s%n", total, kind,
                    time[0] / 1e6 / total, time[1] / 1e6, counts));
        });
        out.append("Bodiless refusals by the HTTP codec (allowed): ").append(codecRefusals).append('\n');
        out.append("2xx to safe methods (GET/HEAD/OPTIONS; not refusals, nothing changed): ")
                .append(acceptedSafe.size()).append('\n');
        Map<String, Integer> safeByKind = new TreeMap<>();
        acceptedSafe.forEach(line -> safeByKind.merge(line.split(" ", 4)[2], 1, Integer::sum));
        out.append("  by kind: ").append(safeByKind).append('\n');
        out.append("Failures: ").append(failures.size()).append('\n');
        failures.stream().limit(SHOWN).forEach(failure -> out.append("  ").append(failure).append('\n'));
        if (failures.size() > SHOWN) {
            out.append("  ... and ").append(failures.size() - SHOWN).append(" more\n");
        }
        return out.toString();
    }

    private static String cut(String text) {
        String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
