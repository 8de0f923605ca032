package dev.phishnet.commandapi.threatintel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.phishnet.commandapi.analysis.ThreatLevel;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.ReportIndicator;
import dev.phishnet.commandapi.user.TenantId;

/**
 * An indicator as the processor knows it: every report merged.
 *
 * @param indicator the normalized value
 * @param threatType of the latest report
 * @param threatLevel of the latest report
 * @param confidenceScore 0..1, of the latest report
 * @param sources every source that reported it, in first-report order
 * @param tags the tags of every report, in first-seen order
 * @param description of the latest report that had one; null if none had
 * @param lastSeenAt when it was last reported: retention counts from it
 * @param reports how many times it was reported
 * @param active false once retired, until reported again
 * @param version number of published events applied
 */
public record Indicator(IndicatorId id, TenantId tenantId, String indicator, IndicatorType type, String threatType,
        ThreatLevel threatLevel, double confidenceScore, List<String> sources, List<String> tags, String description,
        Instant firstSeenAt, Instant lastSeenAt, int reports, boolean active, long version) {

    public Indicator {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(indicator, "indicator");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(threatLevel, "threatLevel");
        sources = List.copyOf(sources);
        tags = List.copyOf(tags);
    }

    public boolean belongsTo(TenantId tenant) {
        return tenantId.equals(tenant);
    }

    /** The indicator as its first report makes it. */
    static Indicator first(ReportIndicator report, Instant at) {
        return new Indicator(report.indicatorId(), report.tenantId(), report.indicator(), report.type(),
                report.threatType(), report.threatLevel(), report.confidenceScore(), List.of(report.source()),
                union(List.of(), report.tags()), report.description(), at, at, 1, true, 1);
    }

    /** The indicator a legacy import makes: seen first at {@code firstSeenAt}, last at {@code lastSeenAt}. */
    static Indicator imported(ReportIndicator report, Instant firstSeenAt, Instant lastSeenAt) {
        return new Indicator(report.indicatorId(), report.tenantId(), report.indicator(), report.type(),
                report.threatType(), report.threatLevel(), report.confidenceScore(), List.of(report.source()),
                union(List.of(), report.tags()), report.description(), firstSeenAt, lastSeenAt, 1, true, 1);
    }

    /** This indicator with one more report merged in: the latest report's facts, the union of sources and tags. */
    Indicator merged(ReportIndicator report, Instant at) {
        return new Indicator(id, tenantId, indicator, type, report.threatType(), report.threatLevel(),
                report.confidenceScore(), union(sources, List.of(report.source())), union(tags, report.tags()),
                report.description() != null ? report.description() : description, firstSeenAt, at, reports + 1,
                true, version + 1);
    }

    Indicator retired() {
        return new Indicator(id, tenantId, indicator, type, threatType, threatLevel, confidenceScore, sources, tags,
                description, firstSeenAt, lastSeenAt, reports, false, version + 1);
    }

    private static List<String> union(List<String> kept, List<String> added) {
        List<String> all = new ArrayList<>(kept);
        for (String item : added) {
            if (!all.contains(item)) {
                all.add(item);
            }
        }
        return all;
    }
}
