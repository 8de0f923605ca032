package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.user.Decision.accept;
import static dev.phishnet.commandapi.user.Decision.reject;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.LOCKED;
import static dev.phishnet.commandapi.user.Rejection.Code.STALE_CREDENTIAL;
import static dev.phishnet.commandapi.user.Rejection.Code.UNAUTHORIZED;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.session.SessionCommand.RecordFailedLogin;
import dev.phishnet.commandapi.session.SessionCommand.StartSession;
import dev.phishnet.commandapi.session.SessionEvent.LoginFailed;
import dev.phishnet.commandapi.session.SessionEvent.NewDeviceLoginDetected;
import dev.phishnet.commandapi.session.SessionEvent.SessionEvicted;
import dev.phishnet.commandapi.session.SessionEvent.SessionExpired;
import dev.phishnet.commandapi.session.SessionEvent.SessionStarted;
import dev.phishnet.commandapi.session.SessionEvent.UserLockedOut;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.User;

/**
 * Signing in, with a password the API verified or a one-time code checked here, and the failures that lead to a
 * lockout. Checks run in one order: the user exists for the tenant, is not locked, is active, the credential is
 * current (password), the address is allowed, the code matches (one-time code). A refusal after the first check is
 * recorded as {@code LoginFailed}; only a wrong secret counts towards the lock.
 */
final class SignInRules {

    /** One answer for every refused sign-in, so that a caller cannot tell an unknown user from a wrong password. */
    static final Rejection REFUSED = Rejection.of(UNAUTHORIZED, "sign-in refused");
    static final Rejection LOCKED_OUT = Rejection.of(LOCKED, "too many failed sign-ins; try again later");
    static final Rejection STALE = Rejection.of(STALE_CREDENTIAL,
            "the password was verified against a credential that has changed since");
    static final Rejection SESSION_ID_TAKEN = Rejection.of(CONFLICT, "session id already used", "sessionId");

    private SignInRules() {}

    static Decision<SessionEvent> start(UserSessions state, Optional<User> visible, StartSession command,
            Instant now, SessionPolicy policy) {
        if (visible.isEmpty()) {
            return reject(REFUSED);
        }
        User user = visible.get();
        LoginMethod method = command.method();
        Client client = command.client();
        if (state.attempts().lockedAt(now)) {
            return lockedOut(state, method, client, now, policy);
        }
        if (!user.active()) {
            return refused(state, method, LoginFailure.USER_INACTIVE, client, now, policy);
        }
        // No event: the API verifies the password again against the current credential, then retries or refuses.
        if (method == LoginMethod.PASSWORD && command.credentialVersion() != user.credentialVersion()) {
            return reject(STALE);
        }
        if (!state.settings().allows(client.ip())) {
            return refused(state, method, LoginFailure.ADDRESS_NOT_ALLOWED, client, now, policy);
        }
        if (state.knows(command.sessionId())) {
            return reject(SESSION_ID_TAKEN);
        }
        SecretHash spentCode = null;
        if (method == LoginMethod.ONE_TIME_CODE) {
            List<OneTimeCode> usable = state.codeAttempts() < policy.oneTimeCodes().maxAttempts()
                    ? state.codes().stream().filter(code -> code.usableAt(now)).toList()
                    : List.of();
            if (usable.isEmpty()) {
                return wrongSecret(state, method, LoginFailure.NO_ACTIVE_CODE, client, now, policy);
            }
            Optional<OneTimeCode> match = usable.stream()
                    .filter(code -> code.hash().matches(command.oneTimeCodeHash())).findFirst();
            if (match.isEmpty()) {
                return wrongSecret(state, method, LoginFailure.BAD_CODE, client, now, policy);
            }
            spentCode = match.get().hash();
        }
        return accept(started(state, command, spentCode, now, policy));
    }

    /** The API checked a password for this user and it did not match. */
    static Decision<SessionEvent> failed(UserSessions state, Optional<User> visible, RecordFailedLogin command,
            Instant now, SessionPolicy policy) {
        if (visible.isEmpty()) {
            return reject(REFUSED);
        }
        if (state.attempts().lockedAt(now)) {
            return lockedOut(state, command.method(), command.client(), now, policy);
        }
        return wrongSecret(state, command.method(), LoginFailure.BAD_CREDENTIALS, command.client(), now, policy);
    }

    /**
     * Lapsed sessions the worker has not expired yet are expired first, so that they neither count towards the
     * limit nor cost a live session its place; then the oldest live sessions make room for the new one.
     */
    private static List<SessionEvent> started(UserSessions state, StartSession command, SecretHash spentCode,
            Instant now, SessionPolicy policy) {
        List<SessionEvent> events = new ArrayList<>();
        List<Session> live = new ArrayList<>();
        for (Session session : state.active()) {
            if (session.lapsedAt(now)) {
                events.add(new SessionExpired(session.id(), session.deadlineKind(), session.deadline()));
            } else {
                live.add(session);
            }
        }
        SecuritySettings settings = state.settings();
        int excess = live.size() - settings.maxSessions(policy) + 1;
        for (int i = 0; i < excess; i++) {
            events.add(new SessionEvicted(live.get(i).id(), command.sessionId()));
        }
        Client client = command.client();
        String device = client.device();
        boolean newDevice = state.signedInBefore() && !state.devices().contains(device);
        boolean newIp = state.signedInBefore() && !state.addresses().contains(client.ip());
        RiskScore risk = RiskScore.assess(newDevice, newIp,
                policy.lockout().recentFailures(state.attempts(), now));
        Instant absoluteExpiresAt = now.plus(settings.absoluteTimeout(policy));
        Instant idleExpiresAt = RefreshRules.idleDeadline(now, settings.idleTimeout(policy), absoluteExpiresAt);
        events.add(new SessionStarted(command.sessionId(), command.method(), client, device, newDevice, risk,
                command.refreshTokenHash(), spentCode, now, idleExpiresAt, absoluteExpiresAt));
        if (newDevice && settings.alertsOnNewDevice()) {
            events.add(new NewDeviceLoginDetected(command.sessionId(), device, client));
        }
        return events;
    }

    /** A refusal that counts nothing: recorded with the failures as they stand. */
    private static Decision<SessionEvent> refused(UserSessions state, LoginMethod method, LoginFailure reason,
            Client client, Instant now, SessionPolicy policy) {
        int recent = policy.lockout().recentFailures(state.attempts(), now);
        return reject(REFUSED, List.of(new LoginFailed(method, reason, client, recent, now)));
    }

    private static Decision<SessionEvent> lockedOut(UserSessions state, LoginMethod method, Client client,
            Instant now, SessionPolicy policy) {
        int recent = policy.lockout().recentFailures(state.attempts(), now);
        return reject(LOCKED_OUT.withRetryAfter(state.attempts().retryAfter(now)),
                List.of(new LoginFailed(method, LoginFailure.LOCKED, client, recent, now)));
    }

    /** A wrong password or code: counted, and locking when it reaches the threshold. */
    private static Decision<SessionEvent> wrongSecret(UserSessions state, LoginMethod method, LoginFailure reason,
            Client client, Instant now, SessionPolicy policy) {
        Lockout lockout = policy.lockout();
        int failures = lockout.recentFailures(state.attempts(), now) + 1;
        List<SessionEvent> events = new ArrayList<>();
        events.add(new LoginFailed(method, reason, client, failures, now));
        Rejection rejection = REFUSED;
        Optional<Lockout.Lock> lock = lockout.lockAfter(state.attempts(), failures, now);
        if (lock.isPresent()) {
            events.add(new UserLockedOut(lock.get().until(), lock.get().level(), failures));
            rejection = REFUSED.withRetryAfter(lockout.lockLength(lock.get().level()));
        }
        return reject(rejection, events);
    }
}
