package dev.phishnet.commandapi.messages;

import java.util.List;

import dev.phishnet.commandapi.session.Client;
import dev.phishnet.commandapi.session.SecuritySettings;
import dev.phishnet.commandapi.session.SessionEvent;
import dev.phishnet.commandapi.session.address.AddressEvent.AddressLockedOut;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.session.LoginFailure;
import dev.phishnet.schemas.session.LoginMethod;
import dev.phishnet.schemas.session.NewDeviceLoginDetected;
import dev.phishnet.schemas.session.OneTimeCodeIssued;
import dev.phishnet.schemas.session.RefreshTokenReused;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SecuritySettingsChanged;
import dev.phishnet.schemas.session.SessionDeadline;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRefreshed;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.SessionStarted;
import dev.phishnet.schemas.session.SessionsPurged;
import dev.phishnet.schemas.session.UserLockedOut;

/**
 * Domain session and address events as values of the {@code session-events} topic. Instants the domain events carry
 * for the state's sake (when a session started, a failure happened) are the envelope's {@code occurredAt} on the topic;
 * the hash of a spent one-time code stays in the processor's state.
 */
public final class SessionEvents {

    private SessionEvents() {}

    public static dev.phishnet.schemas.session.SessionEvent toMessage(SessionEvent event, EventEnvelope envelope) {
        return new dev.phishnet.schemas.session.SessionEvent(envelope, payload(event));
    }

    public static dev.phishnet.schemas.session.SessionEvent toMessage(AddressLockedOut event,
            EventEnvelope envelope) {
        return new dev.phishnet.schemas.session.SessionEvent(envelope,
                new dev.phishnet.schemas.session.AddressLockedOut(event.ip().value(), event.lockedUntil(),
                        event.lockLevel(), event.failures()));
    }

    private static Object payload(SessionEvent event) {
        if (event instanceof SessionEvent.SessionStarted started) {
            return new SessionStarted(started.sessionId().value(), method(started.method()), client(started.client()),
                    started.device(), started.newDevice(), started.risk().score(),
                    started.risk().reasons().stream().map(Enum::name).toList(), started.refreshTokenHash().value(),
                    started.idleExpiresAt(), started.absoluteExpiresAt());
        }
        if (event instanceof SessionEvent.SessionRefreshed refreshed) {
            return new SessionRefreshed(refreshed.sessionId().value(), refreshed.refreshTokenHash().value(),
                    client(refreshed.client()), refreshed.idleExpiresAt());
        }
        if (event instanceof SessionEvent.RefreshTokenReused reused) {
            return new RefreshTokenReused(reused.sessionId().value(), client(reused.client()));
        }
        if (event instanceof SessionEvent.SessionLoggedOut loggedOut) {
            return new SessionLoggedOut(loggedOut.sessionId().value());
        }
        if (event instanceof SessionEvent.SessionRevoked revoked) {
            return new SessionRevoked(revoked.sessionId().value(), RevocationReason.valueOf(revoked.reason().name()));
        }
        if (event instanceof SessionEvent.SessionEvicted evicted) {
            return new SessionEvicted(evicted.sessionId().value(), evicted.evictedBy().value());
        }
        if (event instanceof SessionEvent.SessionExpired expired) {
            return new SessionExpired(expired.sessionId().value(), SessionDeadline.valueOf(expired.deadline().name()),
                    expired.dueAt());
        }
        if (event instanceof SessionEvent.LoginFailed failed) {
            return new dev.phishnet.schemas.session.LoginFailed(method(failed.method()),
                    LoginFailure.valueOf(failed.reason().name()), client(failed.client()), failed.recentFailures());
        }
        if (event instanceof SessionEvent.UserLockedOut locked) {
            return new UserLockedOut(locked.lockedUntil(), locked.lockLevel(), locked.failures());
        }
        if (event instanceof SessionEvent.OneTimeCodeIssued issued) {
            return new OneTimeCodeIssued(issued.codeHash().value(), issued.expiresAt(), client(issued.client()));
        }
        if (event instanceof SessionEvent.SecuritySettingsChanged changed) {
            return new SecuritySettingsChanged(settings(changed.settings()));
        }
        if (event instanceof SessionEvent.NewDeviceLoginDetected detected) {
            return new NewDeviceLoginDetected(detected.sessionId().value(), detected.device(),
                    client(detected.client()));
        }
        if (event instanceof SessionEvent.SessionsPurged purged) {
            return new SessionsPurged(purged.sessionIds().stream().map(id -> id.value()).toList(),
                    purged.endedBefore(), purged.runId());
        }
        throw new IllegalArgumentException("no message for " + event.getClass().getName());
    }

    private static LoginMethod method(dev.phishnet.commandapi.session.LoginMethod method) {
        return LoginMethod.valueOf(method.name());
    }

    private static dev.phishnet.schemas.session.Client client(Client client) {
        return new dev.phishnet.schemas.session.Client(client.ip().value(), client.userAgent(), client.os(),
                client.browser(), client.deviceType());
    }

    private static dev.phishnet.schemas.session.SecuritySettings settings(SecuritySettings settings) {
        List<String> allowList = settings.ipAllowList();
        return new dev.phishnet.schemas.session.SecuritySettings(settings.maxSessions(),
                settings.idleTimeoutMinutes(), settings.absoluteTimeoutHours(), allowList,
                settings.alertOnNewDevice());
    }
}
