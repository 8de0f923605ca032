package dev.phishnet.commandapi.follow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.phishnet.commandapi.security.SessionRevocations;
import dev.phishnet.schemas.session.AddressLockedOut;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.UserLockedOut;

/**
 * What {@code session-events} says about sign-in right now, folded by every instance: the sessions that ended (their
 * access tokens are refused at once, not when they expire) and the users and addresses locked out. Only recent facts
 * matter: an ended session is forgotten once no access token of it can be valid any more, a lock once it is over.
 */
public final class SessionStatus implements SessionRevocations {

    private final Map<String, Instant> endedSessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> lockedUsers = new ConcurrentHashMap<>();
    private final Map<String, Instant> lockedAddresses = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration remember;
    private final PropagationListener propagation;
    private volatile Instant nextPrune;

    /** Told how long each end of a session took from the processor's decision to this instance. */
    @FunctionalInterface
    public interface PropagationListener {
        void ended(Duration sinceDecided);
    }

    /**
     * @param remember how long an ended session stays refused: at least the access-token lifetime plus clock skew
     */
    public SessionStatus(Clock clock, Duration remember, PropagationListener propagation) {
        this.clock = clock;
        this.remember = remember;
        this.propagation = propagation;
        this.nextPrune = clock.instant().plus(remember);
    }

    @Override
    public boolean isEnded(String sessionId) {
        return sessionId != null && endedSessions.containsKey(sessionId);
    }

    /** Until when the user is locked out, if now. */
    public Optional<Instant> userLockedUntil(String userId) {
        return lockedUntil(lockedUsers, userId);
    }

    /** Until when the address is locked out, if now. */
    public Optional<Instant> addressLockedUntil(String ip) {
        return lockedUntil(lockedAddresses, ip);
    }

    /** Folds one event; the follower calls it in topic order per key. */
    public void apply(String key, SessionEvent event) {
        Object payload = event.getPayload();
        Instant occurredAt = event.getEnvelope().getOccurredAt();
        String ended = endedSessionId(payload);
        if (ended != null) {
            endedSessions.put(ended, occurredAt);
            propagation.ended(Duration.between(occurredAt, clock.instant()));
        } else if (payload instanceof UserLockedOut locked) {
            lockedUsers.merge(event.getEnvelope().getAggregateId(), locked.getLockedUntil(), SessionStatus::later);
        } else if (payload instanceof AddressLockedOut locked) {
            lockedAddresses.merge(locked.getIp(), locked.getLockedUntil(), SessionStatus::later);
        }
        pruneNowAndThen();
    }

    private static String endedSessionId(Object payload) {
        if (payload instanceof SessionLoggedOut loggedOut) {
            return loggedOut.getSessionId();
        } else if (payload instanceof SessionRevoked revoked) {
            return revoked.getSessionId();
        } else if (payload instanceof SessionEvicted evicted) {
            return evicted.getSessionId();
        } else if (payload instanceof SessionExpired expired) {
            return expired.getSessionId();
        }
        return null;
    }

    private Optional<Instant> lockedUntil(Map<String, Instant> locks, String key) {
        Instant until = key != null ? locks.get(key) : null;
        return until != null && until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
    }

    private void pruneNowAndThen() {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(remember.dividedBy(4));
        Instant forgetEndedBefore = now.minus(remember);
        endedSessions.values().removeIf(endedAt -> endedAt.isBefore(forgetEndedBefore));
        lockedUsers.values().removeIf(until -> !until.isAfter(now));
        lockedAddresses.values().removeIf(until -> !until.isAfter(now));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
