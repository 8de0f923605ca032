package dev.phishnet.projector.threatintel;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.threatintel.IndicatorPurged;
import dev.phishnet.schemas.threatintel.IndicatorReported;
import dev.phishnet.schemas.threatintel.IndicatorRetired;
import dev.phishnet.schemas.threatintel.IndicatorState;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code threat_intelligence} read model shows of one indicator, as of {@link #version}. Reports and
 * retirements carry the whole merged indicator, so each of them alone makes the view (the one before it only decides
 * whether it is newer). Enum values are in the API's spelling (lower case).
 *
 * @param id the indicator id
 * @param tenantId the tenant that owns it
 * @param indicator the indicator, normalized
 * @param indicatorType {@code domain}, {@code url}, {@code ip}, {@code email} or {@code sha256}
 * @param threatType of the latest report
 * @param threatLevel of the latest report: {@code safe} .. {@code critical}
 * @param confidenceScore 0..1, of the latest report
 * @param sources every source that reported it, in first-report order
 * @param tags the tags of every report
 * @param description of the latest report that had one
 * @param firstSeenAt when it was first reported
 * @param lastSeenAt when it was last reported
 * @param reports how many times it was reported while active
 * @param retiredAt when it was retired; null while active
 * @param version the aggregate version of the last event applied
 */
public record IndicatorView(
        String id,
        String tenantId,
        String indicator,
        String indicatorType,
        String threatType,
        String threatLevel,
        double confidenceScore,
        List<String> sources,
        List<String> tags,
        @Nullable String description,
        Instant firstSeenAt,
        Instant lastSeenAt,
        int reports,
        @Nullable Instant retiredAt,
        long version) {

    public IndicatorView {
        sources = List.copyOf(sources);
        tags = List.copyOf(tags);
    }

    public boolean active() {
        return retiredAt == null;
    }

    /** {@code active} or {@code retired}. */
    public String status() {
        return active() ? "active" : "retired";
    }

    /** Whether the event ends the indicator's life: its document and view are deleted, whatever they hold. */
    public static boolean purges(ThreatIntelEvent event) {
        return event.getPayload() instanceof IndicatorPurged;
    }

    /**
     * The view after {@code event}. A view moves only forward: an event at or below its version was applied already
     * (a redelivery, a replay) and changes nothing.
     *
     * @param current the view so far, null when the indicator has none yet
     * @return the view after the event; null when there is still none (a fact that carries no state)
     */
    public static @Nullable IndicatorView project(@Nullable IndicatorView current, ThreatIntelEvent event) {
        EventEnvelope envelope = event.getEnvelope();
        if (current != null && envelope.getAggregateVersion() <= current.version()) {
            return current;
        }
        Object payload = event.getPayload();
        if (payload instanceof IndicatorReported reported) {
            return of(envelope, reported.getState(), null);
        }
        if (payload instanceof IndicatorRetired retired) {
            return of(envelope, retired.getState(), envelope.getOccurredAt());
        }
        // A fact this projector does not know yet: only the version moves.
        return current != null ? current.at(envelope.getAggregateVersion()) : null;
    }

    private static IndicatorView of(EventEnvelope envelope, IndicatorState state, @Nullable Instant retiredAt) {
        return new IndicatorView(envelope.getAggregateId(), envelope.getTenantId(), state.getIndicator(),
                wire(state.getIndicatorType()), state.getThreatType(), wire(state.getThreatLevel()),
                state.getConfidenceScore(), state.getSources(), state.getTags(), state.getDescription(),
                state.getFirstSeenAt(), state.getLastSeenAt(), state.getReports(), retiredAt,
                envelope.getAggregateVersion());
    }

    private static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private IndicatorView at(long newVersion) {
        return new IndicatorView(id, tenantId, indicator, indicatorType, threatType, threatLevel, confidenceScore,
                sources, tags, description, firstSeenAt, lastSeenAt, reports, retiredAt, newVersion);
    }
}
