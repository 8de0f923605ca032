package dev.phishnet.commandapi.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The failed sign-ins {@link Lockout} counts, for a user or an address: when the recent counted failures happened,
 * the number of locks since the last success, and the lock in force, if any.
 *
 * @param failures instants of counted failures, oldest first; at most {@link #KEPT}, enough for any threshold
 * @param lockLevel locks since the last success; 0 if none
 * @param lockedUntil end of the latest lock; null if never locked since the last success
 */
public record FailedAttempts(List<Instant> failures, int lockLevel, Instant lockedUntil) {

    /** Failure instants kept at most; a lockout threshold is at most this. */
    public static final int KEPT = 100;

    public static final FailedAttempts NONE = new FailedAttempts(List.of(), 0, null);

    public FailedAttempts {
        failures = List.copyOf(failures);
        if (lockLevel < 0) {
            throw new IllegalArgumentException("lock level must not be negative");
        }
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    /** Time left on the lock at {@code now}, rounded up to whole seconds (a Retry-After is in seconds). */
    public Duration retryAfter(Instant now) {
        Duration left = Duration.between(now, Objects.requireNonNull(lockedUntil, "lockedUntil"));
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(0, seconds));
    }

    /** These attempts with one more counted failure at {@code at}. */
    public FailedAttempts failed(Instant at) {
        List<Instant> next = new ArrayList<>(failures);
        next.add(at);
        if (next.size() > KEPT) {
            next.remove(0);
        }
        return new FailedAttempts(next, lockLevel, lockedUntil);
    }

    /** Locked until {@code until} at {@code level}; the failures that led to it no longer count. */
    public FailedAttempts locked(Instant until, int level) {
        return new FailedAttempts(List.of(), level, until);
    }
}
