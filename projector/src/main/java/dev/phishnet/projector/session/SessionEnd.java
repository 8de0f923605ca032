package dev.phishnet.projector.session;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How and when a session ended.
 *
 * @param reason why it ended
 * @param at when the event that ended it happened
 * @param evictedBy the session whose start evicted it; null unless {@link EndReason#EVICTED}
 */
public record SessionEnd(EndReason reason, Instant at, @Nullable String evictedBy) {
}
