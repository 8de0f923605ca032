package dev.phishnet.projector.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.session.AddressLockedOut;
import dev.phishnet.schemas.session.Client;
import dev.phishnet.schemas.session.LoginFailed;
import dev.phishnet.schemas.session.LoginFailure;
import dev.phishnet.schemas.session.LoginMethod;
import dev.phishnet.schemas.session.NewDeviceLoginDetected;
import dev.phishnet.schemas.session.RefreshTokenReused;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SecuritySettings;
import dev.phishnet.schemas.session.SecuritySettingsChanged;
import dev.phishnet.schemas.session.SessionDeadline;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRefreshed;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.SessionStarted;
import dev.phishnet.schemas.session.SessionsPurged;
import dev.phishnet.schemas.testing.SampleMessages;
import dev.phishnet.schemas.user.PasswordChanged;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.RolesAssigned;
import dev.phishnet.schemas.user.UserDeactivated;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserProfileUpdated;
import dev.phishnet.schemas.user.UserReactivated;
import dev.phishnet.schemas.user.UserRegistered;

/**
 * Small builders of the events the projector reads: one user, {@code user-1} of {@code tenant-a}, by default. The
 * {@code version}th event of an aggregate happens {@code version} seconds after {@link #T0}.
 */
public final class Events {

    public static final String USER = "user-1";
    public static final Instant T0 = SampleMessages.AT;
    public static final String PASSWORD_HASH = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA";
    public static final String SESSION = "session-1";
    public static final String START_IP = "203.0.113.7";
    public static final String REFRESH_TOKEN_HASH = "hmac-sha256:c2Vzc2lvbg";
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE_TIMEOUT = Duration.ofHours(24);

    private Events() {
    }

    /** The envelope of the {@code version}th event of {@code userId}, one second after the previous. */
    public static EventEnvelope envelope(String userId, long version) {
        return EventEnvelope.newBuilder(SampleMessages.envelope())
                .setEventId(UUID.nameUUIDFromBytes((userId + ":" + version).getBytes()).toString())
                .setAggregateId(userId)
                .setAggregateVersion(version)
                .setOccurredAt(T0.plus(Duration.ofSeconds(version)))
                .build();
    }

    public static UserEvent registered(String userId, String email) {
        return new UserEvent(envelope(userId, 1), UserRegistered.newBuilder()
                .setEmail(email)
                .setPasswordHash(PASSWORD_HASH)
                .setFullName("Ada Lovelace")
                .setMobile("+44 20 7946 0000")
                .setRoles(List.of(Role.USER))
                .build());
    }

    public static UserEvent registered() {
        return registered(USER, " Ada@Example.com\u2003");
    }

    public static UserEvent profileUpdated(long version, String bio, String theme) {
        return new UserEvent(envelope(USER, version),
                UserProfileUpdated.newBuilder().setBio(bio).setTheme(theme).build());
    }

    public static UserEvent passwordChanged(long version, int credentialVersion) {
        return new UserEvent(envelope(USER, version), new PasswordChanged("$argon2id$new", credentialVersion));
    }

    public static UserEvent deactivated(long version) {
        return new UserEvent(envelope(USER, version), new UserDeactivated("left the company"));
    }

    public static UserEvent reactivated(long version) {
        return new UserEvent(envelope(USER, version), new UserReactivated());
    }

    public static UserEvent rolesAssigned(long version, Role... roles) {
        return new UserEvent(envelope(USER, version), new RolesAssigned(List.of(roles)));
    }

    public static AuditEvent audit(String eventId, String action, AuditOutcome outcome) {
        return AuditEvent.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder(SampleMessages.envelope()).setEventId(eventId).build())
                .setAction(action)
                .setOutcome(outcome)
                .setReason(outcome == AuditOutcome.REJECTED ? "CONFLICT: email already registered" : null)
                .setResourceType("user")
                .setResourceId(USER)
                .setCommandId("cmd-" + eventId)
                .setDetails(outcome == AuditOutcome.REJECTED ? Map.of("field", "email") : Map.of())
                .build();
    }

    public static Client client(String ip) {
        return Client.newBuilder().setIp(ip).setUserAgent("Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
                .setOs("Linux").setBrowser("Firefox").setDeviceType("Desktop").build();
    }

    public static SessionEvent sessionStarted(String sessionId, long version) {
        EventEnvelope envelope = envelope(USER, version);
        return new SessionEvent(envelope, SessionStarted.newBuilder()
                .setSessionId(sessionId)
                .setMethod(LoginMethod.PASSWORD)
                .setClient(client(START_IP))
                .setDevice("Linux|Firefox|Desktop")
                .setNewDevice(true)
                .setRiskScore(30)
                .setRiskReasons(List.of("NEW_DEVICE"))
                .setRefreshTokenHash(REFRESH_TOKEN_HASH)
                .setIdleExpiresAt(envelope.getOccurredAt().plus(IDLE_TIMEOUT))
                .setAbsoluteExpiresAt(envelope.getOccurredAt().plus(ABSOLUTE_TIMEOUT))
                .build());
    }

    public static SessionEvent sessionRefreshed(String sessionId, long version, String ip) {
        EventEnvelope envelope = envelope(USER, version);
        return new SessionEvent(envelope, new SessionRefreshed(sessionId, REFRESH_TOKEN_HASH + "-" + version,
                client(ip), envelope.getOccurredAt().plus(IDLE_TIMEOUT)));
    }

    public static SessionEvent refreshTokenReused(String sessionId, long version) {
        return new SessionEvent(envelope(USER, version), new RefreshTokenReused(sessionId, client("198.51.100.66")));
    }

    public static SessionEvent sessionLoggedOut(String sessionId, long version) {
        return new SessionEvent(envelope(USER, version), new SessionLoggedOut(sessionId));
    }

    public static SessionEvent sessionRevoked(String sessionId, long version, RevocationReason reason) {
        return new SessionEvent(envelope(USER, version), new SessionRevoked(sessionId, reason));
    }

    public static SessionEvent sessionEvicted(String sessionId, long version, String evictedBy) {
        return new SessionEvent(envelope(USER, version), new SessionEvicted(sessionId, evictedBy));
    }

    public static SessionEvent sessionExpired(String sessionId, long version, SessionDeadline deadline) {
        return new SessionEvent(envelope(USER, version), new SessionExpired(sessionId, deadline, T0));
    }

    public static SessionEvent newDeviceLoginDetected(String sessionId, long version) {
        return new SessionEvent(envelope(USER, version),
                new NewDeviceLoginDetected(sessionId, "Linux|Firefox|Desktop", client(START_IP)));
    }

    public static SessionEvent loginFailed(long version) {
        return new SessionEvent(envelope(USER, version),
                new LoginFailed(LoginMethod.PASSWORD, LoginFailure.BAD_CREDENTIALS, client(START_IP), 1));
    }

    public static SessionEvent securitySettingsChanged(long version, int maxSessions) {
        return new SessionEvent(envelope(USER, version), new SecuritySettingsChanged(SecuritySettings.newBuilder()
                .setMaxSessions(maxSessions)
                .setIdleTimeoutMinutes(15)
                .setIpAllowList(List.of("203.0.113.0/24"))
                .setAlertOnNewDevice(true)
                .build()));
    }

    public static SessionEvent sessionsPurged(long version, String... sessionIds) {
        return new SessionEvent(envelope(USER, version),
                new SessionsPurged(List.of(sessionIds), T0.plusSeconds(version), "run-" + version));
    }

    /** The audit entry of a tenant's retention run, as the processor records it (key and resource: the tenant). */
    public static AuditEvent retentionRun(String eventId, String tenantId, Instant auditLogsCutoff) {
        return AuditEvent.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder(SampleMessages.envelope()).setEventId(eventId)
                        .setTenantId(tenantId).setAggregateId(tenantId).build())
                .setAction("retention.run")
                .setOutcome(AuditOutcome.ACCEPTED)
                .setResourceType("retention")
                .setResourceId(tenantId)
                .setCommandId("cmd-" + eventId)
                .setDetails(Map.of("runId", "run-" + eventId, "audit_logs.cutoff", auditLogsCutoff.toString(),
                        "audit_logs.count", "3"))
                .build();
    }

    /** Keyed {@code ip:<address>}: a fact about an address, not a user. */
    public static SessionEvent addressLockedOut(String ip) {
        return new SessionEvent(envelope("ip:" + ip, 1), new AddressLockedOut(ip, T0.plusSeconds(900), 1, 20));
    }
}
