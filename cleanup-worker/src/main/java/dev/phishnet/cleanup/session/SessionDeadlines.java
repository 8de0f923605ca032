package dev.phishnet.cleanup.session;

import java.util.Optional;

import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRefreshed;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.SessionStarted;
import org.jspecify.annotations.Nullable;

/**
 * How session events move a session's deadline: a start sets both deadlines, a refresh moves the idle one, and a
 * logout, revocation, eviction or expiry ends the session. Every other session fact leaves deadlines alone.
 */
public final class SessionDeadlines {

    private SessionDeadlines() {
    }

    /** The session whose deadlines the event sets, moves or ends; empty for a fact that touches no deadline. */
    public static Optional<String> sessionId(SessionEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof SessionStarted started) {
            return Optional.of(started.getSessionId());
        }
        if (payload instanceof SessionRefreshed refreshed) {
            return Optional.of(refreshed.getSessionId());
        }
        if (payload instanceof SessionLoggedOut loggedOut) {
            return Optional.of(loggedOut.getSessionId());
        }
        if (payload instanceof SessionRevoked revoked) {
            return Optional.of(revoked.getSessionId());
        }
        if (payload instanceof SessionEvicted evicted) {
            return Optional.of(evicted.getSessionId());
        }
        if (payload instanceof SessionExpired expired) {
            return Optional.of(expired.getSessionId());
        }
        return Optional.empty();
    }

    /**
     * The session after {@code event}, which concerns it: null once it has ended. A refresh of a session never seen
     * started stays null: without its absolute deadline nothing sound can be said of when it is due.
     */
    public static @Nullable TrackedSession evolve(@Nullable TrackedSession current, SessionEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof SessionStarted started) {
            return new TrackedSession(event.getEnvelope().getAggregateId(), event.getEnvelope().getTenantId(),
                    started.getIdleExpiresAt(), started.getAbsoluteExpiresAt());
        }
        if (payload instanceof SessionRefreshed refreshed) {
            return current == null ? null : current.refreshedUntil(refreshed.getIdleExpiresAt());
        }
        if (payload instanceof SessionLoggedOut || payload instanceof SessionRevoked
                || payload instanceof SessionEvicted || payload instanceof SessionExpired) {
            return null;
        }
        return current;
    }
}
