package dev.phishnet.cleanup.retention;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An item as retention follows it: whose it is and when it started ageing.
 *
 * @param tenantId the tenant its purge and its retention run belong to
 * @param ownerId the user a session belongs to; null for analyses and indicators
 * @param at when it started ageing: requested, last seen or ended
 */
public record TrackedAge(String tenantId, @Nullable String ownerId, Instant at) {

    /**
     * The item after {@code fact} said it ages from some instant. An indicator's age restarts at each report (its
     * events carry its lastSeenAt); an analysis is requested once and a session ends once, so their first instant
     * stands, whatever a replay or a late end says later.
     */
    public static TrackedAge after(@Nullable TrackedAge current, RetentionFact.Aged fact) {
        if (current != null && fact.category() != RetentionCategory.THREAT_INTELLIGENCE) {
            return current;
        }
        return new TrackedAge(fact.tenantId(), fact.ownerId(), fact.at());
    }
}
