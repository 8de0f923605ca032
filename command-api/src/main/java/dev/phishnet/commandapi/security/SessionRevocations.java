package dev.phishnet.commandapi.security;

/**
 * Whether a session of ours has ended (logged out, revoked, evicted, expired) as far as this instance has heard: the
 * port through which the security chain refuses the still-unexpired access tokens of ended sessions. The application
 * provides one bean of it, kept up to date from {@code session-events}.
 *
 * <p>Asked on every request that bears one of our tokens, on the request's thread: an answer must come from memory,
 * without I/O or locks held for long.
 */
@FunctionalInterface
public interface SessionRevocations {

    /** True once the session has ended; false for a live session and for one this instance never heard of. */
    boolean isEnded(String sessionId);
}
