package dev.phishnet.projector.analysis;

import java.time.Instant;
import java.util.List;

import dev.phishnet.schemas.analysis.AnalysisCompleted;

/**
 * What an analyzer concluded.
 *
 * @param threatLevel {@code safe}, {@code low}, {@code medium}, {@code high} or {@code critical}
 * @param confidenceScore 0..1
 * @param completedAt when the result was recorded
 */
public record AnalysisResult(
        String threatLevel,
        double confidenceScore,
        List<String> detectedThreats,
        String analyzerVersion,
        Instant completedAt) {

    public AnalysisResult {
        detectedThreats = List.copyOf(detectedThreats);
    }

    static AnalysisResult of(AnalysisCompleted completed, Instant at) {
        return new AnalysisResult(Wire.of(completed.getThreatLevel()), completed.getConfidenceScore(),
                completed.getDetectedThreats(), completed.getAnalyzerVersion(), at);
    }
}
