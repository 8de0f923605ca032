package dev.phishnet.projector.testing;

import java.time.Instant;
import java.util.List;

import dev.phishnet.schemas.analysis.AnalysisCompleted;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisFailed;
import dev.phishnet.schemas.analysis.AnalysisPurged;
import dev.phishnet.schemas.analysis.AnalysisRequested;
import dev.phishnet.schemas.analysis.IndicatorMatch;
import dev.phishnet.schemas.analysis.IndicatorsMatched;
import dev.phishnet.schemas.analysis.MatchedField;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.threatintel.IndicatorType;

/**
 * Small builders of analysis events: one analysis, {@link #ANALYSIS} of {@code user-1} in {@code tenant-a}, by default.
 * The {@code version}th event happens {@code version} seconds after {@link Events#T0}.
 */
public final class AnalysisEvents {

    public static final String ANALYSIS = "analysis-1";
    public static final Instant RECEIVED_AT = Instant.parse("2026-01-01T09:30:00Z");

    private AnalysisEvents() {
    }

    public static AnalysisEvent requested() {
        return requested(ANALYSIS, 1);
    }

    public static AnalysisEvent requested(String analysisId, long version) {
        return new AnalysisEvent(Events.envelope(analysisId, version), AnalysisRequested.newBuilder()
                .setAnalysisId(analysisId)
                .setUserId(Events.USER)
                .setGmailMessageId("18c2f0a1b2c3d4e5")
                .setSubject("Your invoice")
                .setSender("billing@evil.example")
                .setRecipient("ada@example.com")
                .setReceivedAt(RECEIVED_AT)
                .setUrls(List.of("https://login.evil.example/pay", "https://example.org/"))
                .build());
    }

    /** The sender's domain matched one high-level indicator. */
    public static AnalysisEvent matched(long version) {
        IndicatorMatch match = IndicatorMatch.newBuilder()
                .setField(MatchedField.SENDER_DOMAIN)
                .setValue("evil.example")
                .setIndicatorId("indicator-1")
                .setIndicator("evil.example")
                .setIndicatorType(IndicatorType.DOMAIN)
                .setThreatType("phishing")
                .setThreatLevel(ThreatLevel.HIGH)
                .setConfidenceScore(0.9)
                .build();
        return new AnalysisEvent(Events.envelope(ANALYSIS, version), IndicatorsMatched.newBuilder()
                .setMatches(List.of(match))
                .setLookups(4)
                .setPreliminaryThreatLevel(ThreatLevel.HIGH)
                .setPreliminaryConfidence(0.9)
                .setVerdictRule("indicators-v1")
                .build());
    }

    public static AnalysisEvent completed(long version, ThreatLevel level) {
        return new AnalysisEvent(Events.envelope(ANALYSIS, version),
                new AnalysisCompleted(level, 0.97, List.of("credential-phishing"), "analyzer-2.1"));
    }

    public static AnalysisEvent failed(long version) {
        return new AnalysisEvent(Events.envelope(ANALYSIS, version), new AnalysisFailed("timeout", "analyzer-2.1"));
    }

    public static AnalysisEvent purged(long version) {
        return new AnalysisEvent(Events.envelope(ANALYSIS, version),
                new AnalysisPurged(Events.T0.plusSeconds(1), Events.T0.plusSeconds(100), "run-1"));
    }
}
