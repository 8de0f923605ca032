package dev.phishnet.commandapi.session;

import java.time.Duration;
import java.util.Objects;

/**
 * The platform's session rules, from {@code platform.sessions.*}; a user's {@link SecuritySettings} override the
 * first three.
 *
 * @param maxSessions concurrent sessions per user; a sign-in beyond it evicts the oldest
 * @param idleTimeout a session not refreshed for this long expires
 * @param absoluteTimeout a session expires this long after it started, refreshed or not
 * @param bindUserAgent whether a refresh must come from the user agent that started the session
 * @param lockout brute-force protection, per user and per address
 * @param oneTimeCodes sign-in codes
 */
public record SessionPolicy(int maxSessions, Duration idleTimeout, Duration absoluteTimeout, boolean bindUserAgent,
        Lockout lockout, OneTimeCodePolicy oneTimeCodes) {

    public SessionPolicy {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("max sessions must be at least 1");
        }
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteTimeout.isNegative()
                || absoluteTimeout.isZero()) {
            throw new IllegalArgumentException("session timeouts must be positive");
        }
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(oneTimeCodes, "oneTimeCodes");
    }
}
