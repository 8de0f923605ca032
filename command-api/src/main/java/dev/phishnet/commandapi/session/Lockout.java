package dev.phishnet.commandapi.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Brute-force protection, the same for a user and for a client address: {@code threshold} counted failures inside
 * {@code window} lock for {@code firstLock * 2^(level - 1)}, capped at {@code maxLock}, where the level is the number
 * of locks since the last success. A lock clears the failures (the next lock needs {@code threshold} new ones); a
 * successful sign-in clears the level too.
 */
public record Lockout(int threshold, Duration window, Duration firstLock, Duration maxLock) {

    public Lockout {
        if (threshold < 1 || threshold > FailedAttempts.KEPT) {
            throw new IllegalArgumentException("lockout threshold must be 1.." + FailedAttempts.KEPT);
        }
        requirePositive(window, "window");
        requirePositive(firstLock, "first lock");
        requirePositive(maxLock, "max lock");
        if (maxLock.compareTo(firstLock) < 0) {
            throw new IllegalArgumentException("lockout max lock must not be shorter than the first lock");
        }
    }

    /** A lock in force until {@code until}, the {@code level}-th since the last success. */
    public record Lock(Instant until, int level) {
    }

    /** Counted failures inside the window that ends at {@code now}. */
    public int recentFailures(FailedAttempts attempts, Instant now) {
        Instant since = now.minus(window);
        return (int) attempts.failures().stream().filter(at -> at.isAfter(since)).count();
    }

    /** The lock one more failure at {@code now} brings, given {@code failures} recent ones including it. */
    public Optional<Lock> lockAfter(FailedAttempts attempts, int failures, Instant now) {
        if (failures < threshold) {
            return Optional.empty();
        }
        int level = attempts.lockLevel() + 1;
        return Optional.of(new Lock(now.plus(lockLength(level)), level));
    }

    /** {@code firstLock * 2^(level - 1)}, capped at {@code maxLock}. */
    public Duration lockLength(int level) {
        Duration length = firstLock;
        for (int i = 1; i < level && length.compareTo(maxLock) < 0; i++) {
            length = length.multipliedBy(2);
        }
        return length.compareTo(maxLock) > 0 ? maxLock : length;
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("lockout " + name + " must be positive");
        }
    }
}
