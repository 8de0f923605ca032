package dev.phishnet.bench;

import java.util.Map;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

/** The sessions bench's tables and its verdicts against the targets of issue 5, point 10. */
final class SessionsTable {

    static final double TARGET_LOGINS_PER_CORE = 30;
    static final double TARGET_REFRESHES_PER_CORE = 500;
    static final double TARGET_PROPAGATION_P99_MS = 500;
    static final double TARGET_EXPIRY_P99_MS = 1000;

    private static final String ROW = "%-28s %5s %9s %8s %8s %8s %7s %7s %10s%n";

    private SessionsTable() {
    }

    static String header() {
        String header = String.format(ROW, "what", "conc", "per s", "p50 ms", "p95 ms", "p99 ms", "errors", "cores",
                "per core");
        return header + "-".repeat(header.length() - 1) + "\n";
    }

    /** {@code cores}: what the bench JVM used in the window (its GC and JIT included, as for command-api). */
    static String argon2(Argon2Floor.Result floor, double cores) {
        return String.format(ROW, "Argon2 verify (floor)", floor.threads() + "t",
                String.format("%.1f", floor.perSecond()), ms(floor.latency(), 50), ms(floor.latency(), 95),
                ms(floor.latency(), 99), "0", String.format("%.2f", cores),
                String.format("%.1f", floor.perSecond() / cores));
    }

    /** A closed-loop row; {@code cores}: what the process that served it used in the window. */
    static String loop(ScenarioResult result, double cores) {
        return String.format(ROW, result.scenario(), result.concurrency(),
                String.format("%.1f", result.requestsPerSecond()), ms(result.accept(), 50), ms(result.accept(), 95),
                ms(result.accept(), 99), result.errorCount(), String.format("%.2f", cores),
                String.format("%.1f", result.requestsPerSecond() / cores));
    }

    static String errors(ScenarioResult result) {
        if (result.errors().isEmpty()) {
            return "";
        }
        return String.format("  errors, %s c=%d: %s%n", result.scenario(), result.concurrency(),
                counts(result.errors()));
    }

    static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
    }

    static String latencyHeader() {
        String header = String.format("%-44s %7s %8s %8s %8s %8s%n", "what", "n", "p50 ms", "p95 ms", "p99 ms",
                "max ms");
        return header + "-".repeat(header.length() - 1) + "\n";
    }

    static String latency(String what, Histogram histogram) {
        return String.format("%-44s %7d %8s %8s %8s %8s%n", what, histogram.getTotalCount(), ms(histogram, 50),
                ms(histogram, 95), ms(histogram, 99), ms(histogram, 100));
    }

    static String ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? "-"
                : String.format("%.1f", histogram.getValueAtPercentile(percentile) / 1000.0);
    }

    static double p99Ms(Histogram histogram) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(99) / 1000.0;
    }

    /** "MET (42.0 vs >= 30, 1.4x)" or "MISSED (...)". */
    static String atLeast(double value, double target) {
        return String.format("%s (%.1f vs >= %.0f: %.2fx the target)", Double.isNaN(value) || value < target
                ? "MISSED" : "MET", value, target, value / target);
    }

    static String atMost(double value, double target) {
        return String.format("%s (%.1f vs <= %.0f ms: %.2fx the target)", Double.isNaN(value) || value > target
                ? "MISSED" : "MET", value, target, value / target);
    }
}
