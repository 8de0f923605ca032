package dev.phishnet.commandapi.processor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.phishnet.commandapi.session.Client;
import dev.phishnet.commandapi.session.SessionCommand;
import dev.phishnet.commandapi.session.SessionCommand.ExpireSession;
import dev.phishnet.commandapi.session.SessionCommand.IssueOneTimeCode;
import dev.phishnet.commandapi.session.SessionCommand.LogOut;
import dev.phishnet.commandapi.session.SessionCommand.RecordFailedLogin;
import dev.phishnet.commandapi.session.SessionCommand.RefreshSession;
import dev.phishnet.commandapi.session.SessionCommand.RevokeAllSessions;
import dev.phishnet.commandapi.session.SessionCommand.RevokeSession;
import dev.phishnet.commandapi.session.SessionCommand.StartSession;
import dev.phishnet.commandapi.session.SessionEvent;
import dev.phishnet.commandapi.session.SessionEvent.LoginFailed;
import dev.phishnet.commandapi.session.SessionEvent.NewDeviceLoginDetected;
import dev.phishnet.commandapi.session.SessionEvent.RefreshTokenReused;
import dev.phishnet.commandapi.session.SessionEvent.SessionEvicted;
import dev.phishnet.commandapi.session.SessionEvent.SessionExpired;
import dev.phishnet.commandapi.session.SessionEvent.SessionRevoked;
import dev.phishnet.commandapi.session.SessionEvent.SessionStarted;
import dev.phishnet.commandapi.session.SessionEvent.UserLockedOut;
import dev.phishnet.commandapi.session.UserSessions;

/**
 * The details of a session command's audit event: which session, from where, how, how risky, what it ended, whether
 * it locked. Read from the command and the events it caused; never a token, a code or any hash of one.
 */
final class SessionAuditDetails {

    private SessionAuditDetails() {}

    /** @param state the user's sessions after the events */
    static Map<String, String> of(SessionCommand command, List<SessionEvent> events, UserSessions state,
            Instant now) {
        Map<String, String> details = new LinkedHashMap<>();
        describeCommand(command, details);
        List<String> evicted = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        List<String> revoked = new ArrayList<>();
        for (SessionEvent event : events) {
            if (event instanceof SessionStarted started) {
                details.put("riskScore", Integer.toString(started.risk().score()));
                details.put("riskReasons", String.join(",", started.risk().reasons().stream().map(Enum::name)
                        .toList()));
                details.put("newDevice", Boolean.toString(started.newDevice()));
            } else if (event instanceof SessionEvicted eviction) {
                evicted.add(eviction.sessionId().value());
            } else if (event instanceof SessionExpired expiry) {
                expired.add(expiry.sessionId().value());
                details.put("deadline", expiry.deadline().name());
            } else if (event instanceof SessionRevoked revocation) {
                revoked.add(revocation.sessionId().value());
            } else if (event instanceof LoginFailed failed) {
                details.put("loginFailure", failed.reason().name());
                details.put("recentFailures", Integer.toString(failed.recentFailures()));
            } else if (event instanceof UserLockedOut locked) {
                details.put("lockLevel", Integer.toString(locked.lockLevel()));
            } else if (event instanceof RefreshTokenReused) {
                details.put("reuseDetected", "true");
            } else if (event instanceof NewDeviceLoginDetected) {
                details.put("newDeviceAlert", "true");
            }
        }
        putList(details, "evictedSessions", evicted);
        putList(details, "expiredSessions", expired);
        putList(details, "revokedSessions", revoked);
        if (state.attempts().lockedAt(now)) {
            details.put("locked", "true");
            details.put("lockedUntil", state.attempts().lockedUntil().toString());
        }
        return details;
    }

    private static void describeCommand(SessionCommand command, Map<String, String> details) {
        if (command instanceof StartSession start) {
            details.put("sessionId", start.sessionId().value());
            details.put("method", start.method().name());
            describeClient(start.client(), details);
        } else if (command instanceof RecordFailedLogin failed) {
            details.put("method", failed.method().name());
            describeClient(failed.client(), details);
        } else if (command instanceof IssueOneTimeCode issue) {
            describeClient(issue.client(), details);
        } else if (command instanceof RefreshSession refresh) {
            details.put("sessionId", refresh.sessionId().value());
            describeClient(refresh.client(), details);
        } else if (command instanceof LogOut logOut) {
            details.put("sessionId", logOut.sessionId().value());
        } else if (command instanceof RevokeSession revoke) {
            details.put("sessionId", revoke.sessionId().value());
        } else if (command instanceof RevokeAllSessions revokeAll) {
            details.put("reason", revokeAll.reason().name());
        } else if (command instanceof ExpireSession expire) {
            details.put("sessionId", expire.sessionId().value());
            details.put("dueAt", expire.dueAt().toString());
        }
    }

    private static void describeClient(Client client, Map<String, String> details) {
        details.put("ip", client.ip().value());
        details.put("device", client.device());
    }

    private static void putList(Map<String, String> details, String key, List<String> values) {
        if (!values.isEmpty()) {
            details.put(key, String.join(",", values));
        }
    }
}
