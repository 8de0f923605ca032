package dev.phishnet.commandapi.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.session.SessionCommand.ChangeSecuritySettings;
import dev.phishnet.commandapi.session.SessionCommand.ExpireSession;
import dev.phishnet.commandapi.session.SessionCommand.IssueOneTimeCode;
import dev.phishnet.commandapi.session.SessionCommand.LogOut;
import dev.phishnet.commandapi.session.SessionCommand.PurgeEndedSessions;
import dev.phishnet.commandapi.session.SessionCommand.RecordFailedLogin;
import dev.phishnet.commandapi.session.SessionCommand.RefreshSession;
import dev.phishnet.commandapi.session.SessionCommand.RevokeAllSessions;
import dev.phishnet.commandapi.session.SessionCommand.RevokeSession;
import dev.phishnet.commandapi.session.SessionCommand.StartSession;
import dev.phishnet.commandapi.session.SessionEvent.LoginFailed;
import dev.phishnet.commandapi.session.SessionEvent.NewDeviceLoginDetected;
import dev.phishnet.commandapi.session.SessionEvent.OneTimeCodeIssued;
import dev.phishnet.commandapi.session.SessionEvent.RefreshTokenReused;
import dev.phishnet.commandapi.session.SessionEvent.SecuritySettingsChanged;
import dev.phishnet.commandapi.session.SessionEvent.SessionEnded;
import dev.phishnet.commandapi.session.SessionEvent.SessionRefreshed;
import dev.phishnet.commandapi.session.SessionEvent.SessionStarted;
import dev.phishnet.commandapi.session.SessionEvent.SessionsPurged;
import dev.phishnet.commandapi.session.SessionEvent.UserLockedOut;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.User;

/**
 * The rules of the sessions aggregate: {@link #decide} turns a command into events, a rejection, or both (a refused
 * sign-in is recorded, so that lockouts count it); {@link #evolve} folds an event into the state. Both are pure: the
 * time and the platform policy come in as arguments, the user as the users aggregate has it.
 *
 * <p>Every command runs on its user's partition, one at a time, so the rules below are exact under any concurrency:
 * twenty simultaneous sign-ins against a limit of five leave five sessions.
 */
public final class SessionDecider {

    private SessionDecider() {}

    /**
     * @param user the user as the users aggregate has it; empty if there is none
     * @param now when the command is decided: deadlines, locks and codes are judged against it
     */
    public static Decision<SessionEvent> decide(UserSessions state, Optional<User> user, SessionCommand command,
            Instant now, SessionPolicy policy) {
        // Another tenant's user does not exist for the caller.
        Optional<User> visible = user.filter(candidate -> candidate.belongsTo(command.tenantId()));
        if (command instanceof StartSession start) {
            return SignInRules.start(state, visible, start, now, policy);
        }
        if (command instanceof RecordFailedLogin failed) {
            return SignInRules.failed(state, visible, failed, now, policy);
        }
        if (command instanceof IssueOneTimeCode issue) {
            return OneTimeCodeRules.issue(state, visible, issue, now, policy.oneTimeCodes());
        }
        if (command instanceof RefreshSession refresh) {
            return RefreshRules.refresh(state, visible, refresh, now, policy);
        }
        if (command instanceof LogOut logOut) {
            return EndRules.logOut(state, visible, logOut);
        }
        if (command instanceof RevokeSession revoke) {
            return EndRules.revoke(state, visible, revoke);
        }
        if (command instanceof RevokeAllSessions revokeAll) {
            return EndRules.revokeAll(state, visible, revokeAll);
        }
        if (command instanceof ExpireSession expire) {
            return EndRules.expire(state, visible, expire);
        }
        if (command instanceof ChangeSecuritySettings change) {
            return SecuritySettingsRules.change(state, visible, change);
        }
        if (command instanceof PurgeEndedSessions purge) {
            return EndRules.purge(state, purge);
        }
        throw new IllegalArgumentException("no rule for " + command.getClass().getName());
    }

    /** Folds every event, in order. */
    public static UserSessions evolve(UserSessions state, List<SessionEvent> events) {
        UserSessions next = state;
        for (SessionEvent event : events) {
            next = evolve(next, event);
        }
        return next;
    }

    /** Folds an event whose time is not known: a session it ends is remembered without an end time. */
    public static UserSessions evolve(UserSessions state, SessionEvent event) {
        return evolve(state, event, null);
    }

    /**
     * Folds one event.
     *
     * @param occurredAt when it happened (the envelope's {@code occurredAt}): the end time of a session it ends, which
     *     a purge of ended sessions goes by; null if not known
     */
    public static UserSessions evolve(UserSessions state, SessionEvent event, Instant occurredAt) {
        if (event instanceof SessionStarted started) {
            Session session = new Session(started.sessionId(), started.method(), started.startedAt(),
                    started.refreshTokenHash(), List.of(), started.client(), started.device(),
                    started.idleExpiresAt(), started.absoluteExpiresAt(), started.startedAt());
            return state.started(session, started.spentCode());
        }
        if (event instanceof SessionRefreshed refreshed) {
            return state.refreshed(refreshed.sessionId(), refreshed.refreshTokenHash(), refreshed.idleExpiresAt(),
                    refreshed.refreshedAt());
        }
        if (event instanceof SessionEnded ended) {
            return state.ended(ended.sessionId(), occurredAt);
        }
        if (event instanceof SessionsPurged purged) {
            return state.purged(purged.sessionIds());
        }
        if (event instanceof LoginFailed failed) {
            return state.failed(failed.failedAt(), failed.reason().counted(),
                    failed.reason() == LoginFailure.BAD_CODE);
        }
        if (event instanceof UserLockedOut locked) {
            return state.locked(locked.lockedUntil(), locked.lockLevel());
        }
        if (event instanceof OneTimeCodeIssued issued) {
            return state.codeIssued(new OneTimeCode(issued.codeHash(), issued.issuedAt(), issued.expiresAt(), false));
        }
        if (event instanceof SecuritySettingsChanged changed) {
            return state.settingsChanged(changed.settings());
        }
        if (event instanceof RefreshTokenReused || event instanceof NewDeviceLoginDetected) {
            // Facts for the log and its followers; the revocation that goes with a reuse is its own event.
            return state.counted();
        }
        throw new IllegalArgumentException("no transition for " + event.getClass().getName());
    }
}
