package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.user.Decision.accept;
import static dev.phishnet.commandapi.user.Decision.reject;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.NOT_FOUND;

import java.util.Optional;
import java.util.function.Function;

import dev.phishnet.commandapi.session.SessionCommand.ExpireSession;
import dev.phishnet.commandapi.session.SessionCommand.LogOut;
import dev.phishnet.commandapi.session.SessionCommand.PurgeEndedSessions;
import dev.phishnet.commandapi.session.SessionCommand.RevokeAllSessions;
import dev.phishnet.commandapi.session.SessionCommand.RevokeSession;
import dev.phishnet.commandapi.session.SessionEvent.SessionExpired;
import dev.phishnet.commandapi.session.SessionEvent.SessionLoggedOut;
import dev.phishnet.commandapi.session.SessionEvent.SessionRevoked;
import dev.phishnet.commandapi.session.SessionEvent.SessionsPurged;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.User;

/**
 * Ending sessions before or at their deadline. Ending a session that has already ended is accepted with no event, so
 * that a repeated sign-out or revocation succeeds without recording a second fact; a user's state need not be active
 * for them (a deactivated user's sessions must end).
 */
final class EndRules {

    static final Rejection USER_NOT_FOUND = Rejection.of(NOT_FOUND, "user not found");
    static final Rejection SESSION_NOT_FOUND = Rejection.of(NOT_FOUND, "session not found", "sessionId");
    static final Rejection NOT_DUE = Rejection.of(CONFLICT, "session ended or refreshed since", "sessionId");

    private EndRules() {}

    /**
     * The cleanup worker's purge: the ended sessions that ended before its cutoff (or at a time not known) are
     * forgotten; accepted with no event when there are none (the worker acted on an older view, or repeated itself).
     */
    static Decision<SessionEvent> purge(UserSessions state, PurgeEndedSessions command) {
        var due = state.endedBefore(command.endedBefore());
        return due.isEmpty() ? accept() : accept(new SessionsPurged(due, command.endedBefore(), command.runId()));
    }

    static Decision<SessionEvent> logOut(UserSessions state, Optional<User> visible, LogOut command) {
        return end(state, visible, command.sessionId(), SessionLoggedOut::new);
    }

    static Decision<SessionEvent> revoke(UserSessions state, Optional<User> visible, RevokeSession command) {
        return end(state, visible, command.sessionId(), id -> new SessionRevoked(id, RevocationReason.REVOKED));
    }

    /** Accepted with no event when the user has no active session. */
    static Decision<SessionEvent> revokeAll(UserSessions state, Optional<User> visible, RevokeAllSessions command) {
        if (visible.isEmpty()) {
            return reject(USER_NOT_FOUND);
        }
        return accept(state.active().stream()
                .<SessionEvent>map(session -> new SessionRevoked(session.id(), command.reason()))
                .toList());
    }

    /**
     * The cleanup worker saw a deadline pass. Refused when the session's deadline has moved past {@code dueAt} (a
     * refresh since) or the session is no longer active: the worker acted on an older view.
     */
    static Decision<SessionEvent> expire(UserSessions state, Optional<User> visible, ExpireSession command) {
        if (visible.isEmpty()) {
            return reject(USER_NOT_FOUND);
        }
        Optional<Session> session = state.activeSession(command.sessionId())
                .filter(active -> !active.deadline().isAfter(command.dueAt()));
        if (session.isEmpty()) {
            return reject(NOT_DUE);
        }
        Session due = session.get();
        return accept(new SessionExpired(due.id(), due.deadlineKind(), due.deadline()));
    }

    private static Decision<SessionEvent> end(UserSessions state, Optional<User> visible, SessionId id,
            Function<SessionId, SessionEvent> ending) {
        if (visible.isEmpty()) {
            return reject(USER_NOT_FOUND);
        }
        if (state.activeSession(id).isPresent()) {
            return accept(ending.apply(id));
        }
        return state.hasEnded(id) ? accept() : reject(SESSION_NOT_FOUND);
    }
}
