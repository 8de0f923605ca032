package dev.phishnet.commandapi.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the legacy store held of an analysis beyond its identity, carried unchanged from the import command to its
 * event: the processor decides on identity and status only.
 *
 * @param threatLevel nullable (a pending or failed analysis)
 * @param confidenceScore nullable
 * @param analyzerVersion nullable
 * @param analysisResults the legacy results as JSON text, nullable
 */
public record LegacyAnalysis(String legacyId, String subject, String sender, String recipient, Instant receivedAt,
        ThreatLevel threatLevel, Double confidenceScore, List<String> detectedThreats, String analyzerVersion,
        String analysisResults) {

    public LegacyAnalysis {
        Objects.requireNonNull(legacyId, "legacyId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(receivedAt, "receivedAt");
        detectedThreats = List.copyOf(detectedThreats);
    }
}
