package dev.phishnet.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The table of a run and the verdict against the targets of issue 4, point 10. */
final class ResultTable {

    private ResultTable() {
    }

    static String render(List<ScenarioResult> noop, List<ScenarioResult> commands) {
        var out = new StringBuilder();
        String header = String.format("%-18s %5s %10s %9s %9s %9s %9s %9s %8s %10s%n", "scenario", "conc", "req/s",
                "p50 ms", "p95 ms", "p99 ms", "vis p50", "vis p99", "errors", "% of no-op");
        out.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (ScenarioResult result : noop) {
            out.append(row(result, Double.NaN));
        }
        for (ScenarioResult result : commands) {
            out.append(row(result, share(result, noop)));
        }
        for (ScenarioResult result : commands) {
            if (result.visible().getTotalCount() > 0 || result.visibleSamplesFailed() > 0) {
                out.append(String.format("  c=%d: %d visibility probes answered 200, %d failed (503 after the 2 s wait,"
                        + " or an error)%n", result.concurrency(), result.visible().getTotalCount(),
                        result.visibleSamplesFailed()));
            }
        }
        for (ScenarioResult result : noop) {
            out.append(errors(result));
        }
        for (ScenarioResult result : commands) {
            out.append(errors(result));
        }
        out.append(String.format("%nTargets (issue 4): commands >= %.0f%% of the no-op rate, accept p99 <= %.0f ms,"
                + " visible p99 <= %.0f ms%n", UsersBench.TARGET_SHARE_OF_NOOP * 100, UsersBench.TARGET_ACCEPT_P99_MS,
                UsersBench.TARGET_VISIBLE_P99_MS));
        for (ScenarioResult result : commands) {
            double share = share(result, noop);
            double acceptP99 = ScenarioResult.ms(result.accept(), 99);
            double visibleP99 = ScenarioResult.ms(result.visible(), 99);
            out.append(String.format("  c=%d: rate %s (%.1f%% vs %.0f%%), accept p99 %s (%.1f vs %.0f ms),"
                            + " visible p99 %s (%.1f vs %.0f ms)%n", result.concurrency(),
                    verdict(share >= UsersBench.TARGET_SHARE_OF_NOOP), share * 100,
                    UsersBench.TARGET_SHARE_OF_NOOP * 100,
                    verdict(acceptP99 <= UsersBench.TARGET_ACCEPT_P99_MS), acceptP99, UsersBench.TARGET_ACCEPT_P99_MS,
                    verdict(visibleP99 <= UsersBench.TARGET_VISIBLE_P99_MS), visibleP99,
                    UsersBench.TARGET_VISIBLE_P99_MS));
        }
        return out.toString();
    }

    private static String row(ScenarioResult result, double share) {
        return String.format("%-18s %5d %10.0f %9.1f %9.1f %9.1f %9s %9s %8d %10s%n", result.scenario(),
                result.concurrency(), result.requestsPerSecond(), ScenarioResult.ms(result.accept(), 50),
                ScenarioResult.ms(result.accept(), 95), ScenarioResult.ms(result.accept(), 99),
                visible(result, 50), visible(result, 99), result.errorCount(),
                result.scenario().startsWith("no-op") ? "100%"
                        : Double.isNaN(share) ? "n/a" : String.format("%.1f%%", share * 100));
    }

    private static String visible(ScenarioResult result, double percentile) {
        return result.visible().getTotalCount() == 0 ? "-"
                : String.format("%.1f", ScenarioResult.ms(result.visible(), percentile));
    }

    private static double share(ScenarioResult command, List<ScenarioResult> noop) {
        return noop.stream().filter(peer -> peer.concurrency() == command.concurrency()).findFirst()
                .filter(peer -> peer.ok() > 0)
                .map(peer -> command.requestsPerSecond() / peer.requestsPerSecond()).orElse(Double.NaN);
    }

    private static String errors(ScenarioResult result) {
        if (result.errors().isEmpty()) {
            return "";
        }
        Map<String, Long> errors = result.errors();
        return String.format("  errors, %s c=%d: %s%n", result.scenario(), result.concurrency(),
                errors.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", ")));
    }

    private static String verdict(boolean met) {
        return met ? "MET" : "MISSED";
    }
}
