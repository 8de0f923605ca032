package dev.phishnet.bench;

/** The retention bench's table: the audit queries without and during each purge, and the verdict of issue 6, point 7. */
final class RetentionTable {

    private static final String ROW = "%-30s %5s %9s %8s %8s %8s %9s %7s %12s%n";

    private RetentionTable() {
    }

    static String header() {
        String header = String.format(ROW, "GET /api/v1/audit", "conc", "per s", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "errors", "p99 vs base");
        return header + "-".repeat(header.length() - 1) + "\n";
    }

    /** {@code p99Ratio}: NaN for the baseline itself. */
    static String row(ScenarioResult result, double p99Ratio) {
        return String.format(ROW, result.scenario(), result.concurrency(),
                String.format("%.1f", result.requestsPerSecond()), SessionsTable.ms(result.accept(), 50),
                SessionsTable.ms(result.accept(), 95), SessionsTable.ms(result.accept(), 99),
                SessionsTable.ms(result.accept(), 100), result.errorCount(),
                Double.isNaN(p99Ratio) ? "-" : String.format("%.2fx", p99Ratio));
    }

    static String errors(ScenarioResult result) {
        return SessionsTable.errors(result);
    }

    /**
     * MET when the p99 during is at most {@link RetentionBench#TARGET_P99_RATIO} times the baseline's and no query
     * failed (a query that timed out has no latency in the histogram, so it would flatter the p99).
     */
    static String verdict(String what, ScenarioResult during, ScenarioResult baseline) {
        double ratio = ScenarioResult.ms(during.accept(), 99) / ScenarioResult.ms(baseline.accept(), 99);
        boolean met = !Double.isNaN(ratio) && ratio <= RetentionBench.TARGET_P99_RATIO && during.errorCount() == 0;
        return String.format("  %s: %s (p99 %s ms vs %s ms without: %.2fx%s)%n", what, met ? "MET" : "MISSED",
                SessionsTable.ms(during.accept(), 99), SessionsTable.ms(baseline.accept(), 99), ratio,
                during.errorCount() == 0 ? "" : ", " + during.errorCount() + " queries failed");
    }
}
