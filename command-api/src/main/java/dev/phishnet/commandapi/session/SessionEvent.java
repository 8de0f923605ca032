package dev.phishnet.commandapi.session;

import java.time.Instant;
import java.util.List;

/**
 * A fact about one user's sessions and sign-in protection. Envelope data (ids, version, actor) is added by the
 * command processor. Some facts carry an instant the topic has in the envelope instead ({@code occurredAt}): the
 * state needs it to age failures, codes and sessions, and evolve sees no envelope.
 */
public sealed interface SessionEvent {

    /** A fact that ends a session: it leaves the active ones. */
    sealed interface SessionEnded extends SessionEvent {
        SessionId sessionId();
    }

    /**
     * @param newDevice the device key was never seen for a user who signed in before
     * @param spentCode for a one-time code sign-in, the hash of the code it spent (kept in state, not published)
     */
    record SessionStarted(SessionId sessionId, LoginMethod method, Client client, String device, boolean newDevice,
            RiskScore risk, SecretHash refreshTokenHash, SecretHash spentCode, Instant startedAt,
            Instant idleExpiresAt, Instant absoluteExpiresAt) implements SessionEvent {}

    record SessionRefreshed(SessionId sessionId, SecretHash refreshTokenHash, Client client, Instant refreshedAt,
            Instant idleExpiresAt) implements SessionEvent {}

    /** A spent refresh token was presented again; a {@link SessionRevoked} follows. */
    record RefreshTokenReused(SessionId sessionId, Client client) implements SessionEvent {}

    record SessionLoggedOut(SessionId sessionId) implements SessionEnded {}

    record SessionRevoked(SessionId sessionId, RevocationReason reason) implements SessionEnded {}

    /** @param evictedBy the session whose start exceeded the limit */
    record SessionEvicted(SessionId sessionId, SessionId evictedBy) implements SessionEnded {}

    /** @param dueAt the deadline itself */
    record SessionExpired(SessionId sessionId, SessionDeadline deadline, Instant dueAt) implements SessionEnded {}

    /** @param recentFailures counted failures inside the lockout window, this one included if it counts */
    record LoginFailed(LoginMethod method, LoginFailure reason, Client client, int recentFailures, Instant failedAt)
            implements SessionEvent {}

    record UserLockedOut(Instant lockedUntil, int lockLevel, int failures) implements SessionEvent {}

    record OneTimeCodeIssued(SecretHash codeHash, Instant issuedAt, Instant expiresAt, Client client)
            implements SessionEvent {}

    /** @param settings the settings as they now are, every field */
    record SecuritySettingsChanged(SecuritySettings settings) implements SessionEvent {}

    record NewDeviceLoginDetected(SessionId sessionId, String device, Client client) implements SessionEvent {}

    /** Ended sessions past their retention, forgotten: their read models go, their ids are no longer remembered. */
    record SessionsPurged(List<SessionId> sessionIds, Instant endedBefore, String runId)
            implements SessionEvent {
        public SessionsPurged {
            sessionIds = List.copyOf(sessionIds);
        }
    }
}
