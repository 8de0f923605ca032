package dev.phishnet.bench;

import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * What one scenario measured in its window (warm-up excluded): completed 2xx requests, their accept latency, and for
 * commands the sampled command-to-visible latency; errors by kind (a non-2xx is an error, never a sample).
 */
record ScenarioResult(String scenario, int concurrency, double seconds, long ok, Histogram accept, Histogram visible,
        Map<String, Long> errors, long visibleSamplesFailed) {

    double requestsPerSecond() {
        return ok / seconds;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
