package dev.phishnet.projector.testing;

import java.util.List;

import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.threatintel.IndicatorPurged;
import dev.phishnet.schemas.threatintel.IndicatorReported;
import dev.phishnet.schemas.threatintel.IndicatorRetired;
import dev.phishnet.schemas.threatintel.IndicatorState;
import dev.phishnet.schemas.threatintel.IndicatorType;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;

/**
 * Small builders of threat-intel events about one indicator, the domain {@code evil.example} of {@code tenant-a}. The
 * {@code version}th event happens {@code version} seconds after {@link Events#T0}; each carries the whole indicator,
 * as the processor writes it.
 */
public final class IndicatorEvents {

    public static final String INDICATOR = "indicator-1";

    private IndicatorEvents() {
    }

    /** The first report, from feed-a. */
    public static ThreatIntelEvent reported() {
        return new ThreatIntelEvent(Events.envelope(INDICATOR, 1), new IndicatorReported("feed-a",
                state(1, ThreatLevel.MEDIUM, 0.6, List.of("feed-a"), List.of("phishing-kit"), "seen in a campaign",
                        1, true)));
    }

    /** A second report from feed-b at {@code version}: sources and tags merged, the latest level and confidence. */
    public static ThreatIntelEvent merged(long version) {
        return new ThreatIntelEvent(Events.envelope(INDICATOR, version), new IndicatorReported("feed-b",
                state(version, ThreatLevel.HIGH, 0.9, List.of("feed-a", "feed-b"),
                        List.of("phishing-kit", "credential-theft"), "seen in a campaign", 2, true)));
    }

    public static ThreatIntelEvent retired(long version) {
        return new ThreatIntelEvent(Events.envelope(INDICATOR, version), new IndicatorRetired("false positive",
                state(version - 1, ThreatLevel.HIGH, 0.9, List.of("feed-a", "feed-b"),
                        List.of("phishing-kit", "credential-theft"), "seen in a campaign", 2, false)));
    }

    public static ThreatIntelEvent purged(long version) {
        return new ThreatIntelEvent(Events.envelope(INDICATOR, version), new IndicatorPurged("evil.example",
                IndicatorType.DOMAIN, Events.T0.plusSeconds(2), Events.T0.plusSeconds(1000), "run-1"));
    }

    /** The indicator last reported at {@code lastReportedVersion} (first at version 1). */
    private static IndicatorState state(long lastReportedVersion, ThreatLevel level, double confidence,
            List<String> sources, List<String> tags, String description, int reports, boolean active) {
        return IndicatorState.newBuilder()
                .setIndicatorId(INDICATOR)
                .setIndicator("evil.example")
                .setIndicatorType(IndicatorType.DOMAIN)
                .setThreatType("phishing")
                .setThreatLevel(level)
                .setConfidenceScore(confidence)
                .setSources(sources)
                .setTags(tags)
                .setDescription(description)
                .setFirstSeenAt(Events.T0.plusSeconds(1))
                .setLastSeenAt(Events.T0.plusSeconds(lastReportedVersion))
                .setReports(reports)
                .setActive(active)
                .build();
    }
}
