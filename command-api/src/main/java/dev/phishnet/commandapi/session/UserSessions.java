package dev.phishnet.commandapi.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the processor knows about one user's sign-ins: the user's security settings, the active sessions, what
 * it has seen of the user's devices and addresses, the failed attempts a lockout counts, and the one-time codes
 * issued. Changed only through the transitions below, each of which applies one event and so counts one version.
 * Every list is bounded, so that the state of a user signing in for years stays small.
 *
 * @param active the active sessions, oldest first (the order eviction takes them in)
 * @param ended the latest ended sessions, at most {@link #ENDED_KEPT}, until purged: ending one again is a no-op,
 *     not an unknown session
 * @param devices device keys seen at sign-in, least recent first, at most {@link #DEVICES_KEPT}
 * @param addresses addresses seen at sign-in, least recent first, at most {@link #ADDRESSES_KEPT}
 * @param codes one-time codes issued, oldest first, at most {@link #CODES_KEPT}
 * @param codeAttempts wrong codes presented since the last code was issued or used
 * @param version number of events applied; the aggregate version of the last event
 */
public record UserSessions(
        SecuritySettings settings,
        List<Session> active,
        List<EndedSession> ended,
        List<String> devices,
        List<IpAddress> addresses,
        FailedAttempts attempts,
        List<OneTimeCode> codes,
        int codeAttempts,
        long version) {

    public static final int ENDED_KEPT = 100;
    public static final int DEVICES_KEPT = 20;
    public static final int ADDRESSES_KEPT = 50;
    /** Codes remembered; a policy issues at most this many per window, so the window's codes are all here. */
    public static final int CODES_KEPT = 20;

    /** A user who never signed in nor changed a setting. */
    public static final UserSessions NONE = new UserSessions(SecuritySettings.DEFAULTS, List.of(), List.of(),
            List.of(), List.of(), FailedAttempts.NONE, List.of(), 0, 0);

    public UserSessions {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(attempts, "attempts");
        active = List.copyOf(active);
        ended = List.copyOf(ended);
        devices = List.copyOf(devices);
        addresses = List.copyOf(addresses);
        codes = List.copyOf(codes);
    }

    public Optional<Session> activeSession(SessionId id) {
        return active.stream().filter(session -> session.id().equals(id)).findFirst();
    }

    public boolean hasEnded(SessionId id) {
        return ended.stream().anyMatch(session -> session.id().equals(id));
    }

    /** The ended sessions that ended before {@code instant} (or at a time not known), oldest first. */
    public List<SessionId> endedBefore(Instant instant) {
        return ended.stream().filter(session -> session.endedBefore(instant)).map(EndedSession::id).toList();
    }

    /** Whether the id names a session, active or ended: a new session must not reuse it. */
    public boolean knows(SessionId id) {
        return activeSession(id).isPresent() || hasEnded(id);
    }

    /** Whether the user ever signed in: only then is a device or an address new, rather than merely first. */
    public boolean signedInBefore() {
        return !devices.isEmpty();
    }

    UserSessions next(SecuritySettings settings, List<Session> active, List<EndedSession> ended, List<String> devices,
            List<IpAddress> addresses, FailedAttempts attempts, List<OneTimeCode> codes, int codeAttempts) {
        return new UserSessions(settings, active, ended, devices, addresses, attempts, codes, codeAttempts,
                version + 1);
    }

    UserSessions counted() {
        return next(settings, active, ended, devices, addresses, attempts, codes, codeAttempts);
    }

    UserSessions started(Session session, SecretHash spentCode) {
        List<Session> nextActive = new ArrayList<>(active);
        nextActive.add(session);
        List<OneTimeCode> nextCodes = codes;
        int nextCodeAttempts = codeAttempts;
        if (spentCode != null) {
            nextCodes = codes.stream().map(code -> code.hash().matches(spentCode) ? code.markedSpent() : code)
                    .toList();
            nextCodeAttempts = 0;
        }
        return next(settings, nextActive, ended, mostRecent(devices, session.device(), DEVICES_KEPT),
                mostRecent(addresses, session.client().ip(), ADDRESSES_KEPT), FailedAttempts.NONE, nextCodes,
                nextCodeAttempts);
    }

    UserSessions refreshed(SessionId id, SecretHash newHash, Instant idleExpiresAt, Instant at) {
        List<Session> nextActive = active.stream()
                .map(session -> session.id().equals(id) ? session.refreshed(newHash, idleExpiresAt, at) : session)
                .toList();
        return next(settings, nextActive, ended, devices, addresses, attempts, codes, codeAttempts);
    }

    /** @param at when it ended; null if not known */
    UserSessions ended(SessionId id, Instant at) {
        List<Session> nextActive = active.stream().filter(session -> !session.id().equals(id)).toList();
        return next(settings, nextActive, bounded(ended, new EndedSession(id, at), ENDED_KEPT), devices, addresses,
                attempts, codes, codeAttempts);
    }

    UserSessions purged(List<SessionId> ids) {
        return next(settings, active, ended.stream().filter(session -> !ids.contains(session.id())).toList(),
                devices, addresses, attempts, codes, codeAttempts);
    }

    UserSessions failed(Instant at, boolean counted, boolean wrongCode) {
        return next(settings, active, ended, devices, addresses, counted ? attempts.failed(at) : attempts, codes,
                wrongCode ? codeAttempts + 1 : codeAttempts);
    }

    UserSessions locked(Instant until, int level) {
        return next(settings, active, ended, devices, addresses, attempts.locked(until, level), codes, codeAttempts);
    }

    UserSessions codeIssued(OneTimeCode code) {
        // A fresh code gets fresh attempts: a user who mistyped a voided code can ask for another.
        return next(settings, active, ended, devices, addresses, attempts, bounded(codes, code, CODES_KEPT), 0);
    }

    UserSessions settingsChanged(SecuritySettings newSettings) {
        return next(newSettings, active, ended, devices, addresses, attempts, codes, codeAttempts);
    }

    private static <T> List<T> bounded(List<T> list, T added, int kept) {
        List<T> next = new ArrayList<>(list);
        next.add(added);
        while (next.size() > kept) {
            next.remove(0);
        }
        return next;
    }

    /** {@code list} with {@code seen} moved (or added) last, the least recent dropped beyond {@code kept}. */
    private static <T> List<T> mostRecent(List<T> list, T seen, int kept) {
        List<T> next = new ArrayList<>(list);
        next.remove(seen);
        next.add(seen);
        while (next.size() > kept) {
            next.remove(0);
        }
        return next;
    }
}
