package dev.phishnet.commandapi.threatintel;

import java.time.Instant;
import java.util.List;

import dev.phishnet.commandapi.analysis.IndicatorMatch;

/** What happened to an indicator. All but {@link LookUpAnswered} are published on {@code threat-intel-events}. */
public sealed interface IndicatorEvent {

    /** Whether the event is a fact of the indicator's history (a version of it), rather than an answer to a lookup. */
    default boolean published() {
        return true;
    }

    /**
     * @param indicator the indicator after the report
     * @param created whether this was its first report
     */
    record IndicatorReported(Indicator indicator, String source, boolean created) implements IndicatorEvent {}

    /** @param indicator the indicator after its retirement */
    record IndicatorRetired(Indicator indicator, String reason) implements IndicatorEvent {}

    record IndicatorPurged(IndicatorId indicatorId, String indicator, IndicatorType type, Instant lastSeenAt,
            Instant cutoff, String runId) implements IndicatorEvent {}

    /** The answer to one analysis's lookup: sent to the analysis, not a fact of the indicator. */
    record LookUpAnswered(String analysisId, IndicatorId indicatorId, List<IndicatorMatch> matches)
            implements IndicatorEvent {

        public LookUpAnswered {
            matches = List.copyOf(matches);
        }

        @Override
        public boolean published() {
            return false;
        }
    }
}
