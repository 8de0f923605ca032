package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.user.Decision.accept;
import static dev.phishnet.commandapi.user.Decision.reject;
import static dev.phishnet.commandapi.user.Rejection.Code.REFRESH_TOKEN_REUSED;
import static dev.phishnet.commandapi.user.Rejection.Code.UNAUTHORIZED;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.phishnet.commandapi.session.SessionCommand.RefreshSession;
import dev.phishnet.commandapi.session.SessionEvent.RefreshTokenReused;
import dev.phishnet.commandapi.session.SessionEvent.SessionExpired;
import dev.phishnet.commandapi.session.SessionEvent.SessionRefreshed;
import dev.phishnet.commandapi.session.SessionEvent.SessionRevoked;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.User;

/**
 * Refresh-token rotation: the current token buys a new one and a later idle deadline; a token already exchanged means
 * two parties hold the session's tokens (one stole them), so the session is revoked for both.
 */
final class RefreshRules {

    static final Rejection REFUSED = Rejection.of(UNAUTHORIZED, "refresh refused");
    static final Rejection OTHER_USER_AGENT = Rejection.of(UNAUTHORIZED,
            "refresh from a user agent other than the session's");
    static final Rejection REUSED = Rejection.of(REFRESH_TOKEN_REUSED,
            "refresh token already used: the session is revoked");

    private RefreshRules() {}

    static Decision<SessionEvent> refresh(UserSessions state, Optional<User> visible, RefreshSession command,
            Instant now, SessionPolicy policy) {
        if (visible.isEmpty() || !visible.get().active()) {
            return reject(REFUSED);
        }
        Optional<Session> found = state.activeSession(command.sessionId());
        if (found.isEmpty()) {
            return reject(REFUSED);
        }
        Session session = found.get();
        if (session.lapsedAt(now)) {
            // Past its deadline but not expired yet by the worker: expire it now, as it is touched.
            return reject(REFUSED,
                    List.of(new SessionExpired(session.id(), session.deadlineKind(), session.deadline())));
        }
        if (session.isCurrent(command.presentedTokenHash())) {
            if (policy.bindUserAgent() && !Objects.equals(session.client().userAgent(),
                    command.client().userAgent())) {
                return reject(OTHER_USER_AGENT);
            }
            Instant idleExpiresAt = idleDeadline(now, state.settings().idleTimeout(policy),
                    session.absoluteExpiresAt());
            return accept(new SessionRefreshed(session.id(), command.refreshTokenHash(), command.client(), now,
                    idleExpiresAt));
        }
        if (session.wasRotatedOut(command.presentedTokenHash())) {
            return reject(REUSED, List.of(new RefreshTokenReused(session.id(), command.client()),
                    new SessionRevoked(session.id(), RevocationReason.REFRESH_TOKEN_REUSED)));
        }
        return reject(REFUSED);
    }

    /**
     * {@code now + idle}, never beyond the absolute deadline: the session ends at the earlier of the two anyway, and
     * so the idle deadline a follower reads is the one that can actually happen.
     */
    static Instant idleDeadline(Instant now, Duration idle, Instant absoluteExpiresAt) {
        Instant idleExpiresAt = now.plus(idle);
        return idleExpiresAt.isAfter(absoluteExpiresAt) ? absoluteExpiresAt : idleExpiresAt;
    }
}
