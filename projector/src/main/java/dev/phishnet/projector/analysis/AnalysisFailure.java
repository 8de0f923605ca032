package dev.phishnet.projector.analysis;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Why an analyzer could not analyse the email.
 *
 * @param failedAt when the failure was recorded
 */
public record AnalysisFailure(String reason, @Nullable String analyzerVersion, Instant failedAt) {
}
