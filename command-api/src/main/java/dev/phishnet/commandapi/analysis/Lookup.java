package dev.phishnet.commandapi.analysis;

import java.util.List;
import java.util.Objects;

import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.threatintel.IndicatorType;

/**
 * One value of an email to look up among the tenant's indicators, with every field of the email that holds it.
 *
 * @param indicatorId the id an indicator of this type and value has in the analysis's tenant
 * @param indicator the value, normalized as an indicator of {@code type}
 */
public record Lookup(IndicatorId indicatorId, String indicator, IndicatorType type, List<MatchCandidate> candidates) {

    public Lookup {
        Objects.requireNonNull(indicatorId, "indicatorId");
        Objects.requireNonNull(indicator, "indicator");
        Objects.requireNonNull(type, "type");
        candidates = List.copyOf(candidates);
    }
}
