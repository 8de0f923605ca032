package dev.phishnet.commandapi.messages;

import dev.phishnet.commandapi.threatintel.Indicator;
import dev.phishnet.commandapi.threatintel.IndicatorEvent;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.threatintel.IndicatorPurged;
import dev.phishnet.schemas.threatintel.IndicatorReported;
import dev.phishnet.schemas.threatintel.IndicatorRetired;
import dev.phishnet.schemas.threatintel.IndicatorState;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;

/** Published domain indicator events as values of the {@code threat-intel-events} topic. */
public final class IndicatorEvents {

    private IndicatorEvents() {}

    public static ThreatIntelEvent toMessage(IndicatorEvent event, EventEnvelope envelope) {
        return new ThreatIntelEvent(envelope, payload(event));
    }

    private static Object payload(IndicatorEvent event) {
        if (event instanceof IndicatorEvent.IndicatorReported reported) {
            return new IndicatorReported(reported.source(), state(reported.indicator()));
        }
        if (event instanceof IndicatorEvent.IndicatorRetired retired) {
            return new IndicatorRetired(retired.reason(), state(retired.indicator()));
        }
        if (event instanceof IndicatorEvent.IndicatorPurged purged) {
            return new IndicatorPurged(purged.indicator(), AnalysisCommands.type(purged.type()), purged.lastSeenAt(),
                    purged.cutoff(), purged.runId());
        }
        throw new IllegalArgumentException("no message for " + event.getClass().getName());
    }

    private static IndicatorState state(Indicator indicator) {
        return new IndicatorState(indicator.id().value(), indicator.indicator(),
                AnalysisCommands.type(indicator.type()), indicator.threatType(),
                AnalysisCommands.level(indicator.threatLevel()), indicator.confidenceScore(), indicator.sources(),
                indicator.tags(), indicator.description(), indicator.firstSeenAt(), indicator.lastSeenAt(),
                indicator.reports(), indicator.active());
    }
}
