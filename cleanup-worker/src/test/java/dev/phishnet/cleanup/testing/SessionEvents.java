package dev.phishnet.cleanup.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.session.AddressLockedOut;
import dev.phishnet.schemas.session.Client;
import dev.phishnet.schemas.session.LoginFailed;
import dev.phishnet.schemas.session.LoginFailure;
import dev.phishnet.schemas.session.LoginMethod;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SessionDeadline;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRefreshed;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.SessionStarted;
import dev.phishnet.schemas.testing.SampleMessages;

/**
 * Session events of one user, {@link #USER} of {@link #TENANT}, unless another is named. Each event's envelope is the
 * sample one with its own id: the worker reads only the aggregate and tenant from it.
 */
public final class SessionEvents {

    public static final String USER = "0b6e3c1a-7f0e-4c4e-9d6a-3f1e2d4c5b6a";
    public static final String TENANT = "tenant-a";
    public static final String ADDRESS = "203.0.113.7";
    private static final Client CLIENT = Client.newBuilder().setIp(ADDRESS).setUserAgent("curl/8").setOs("Unknown")
            .setBrowser("curl").setDeviceType("Unknown").build();

    private SessionEvents() {
    }

    public static SessionEvent started(String sessionId, Instant idleExpiresAt, Instant absoluteExpiresAt) {
        return started(USER, sessionId, idleExpiresAt, absoluteExpiresAt);
    }

    public static SessionEvent started(String userId, String sessionId, Instant idleExpiresAt,
            Instant absoluteExpiresAt) {
        return event(userId, SessionStarted.newBuilder()
                .setSessionId(sessionId)
                .setMethod(LoginMethod.PASSWORD)
                .setClient(CLIENT)
                .setDevice("Unknown|curl|Unknown")
                .setNewDevice(false)
                .setRiskScore(0)
                .setRefreshTokenHash("hmac-sha256:c2Vzc2lvbg")
                .setIdleExpiresAt(idleExpiresAt)
                .setAbsoluteExpiresAt(absoluteExpiresAt)
                .build());
    }

    public static SessionEvent refreshed(String sessionId, Instant idleExpiresAt) {
        return event(USER, SessionRefreshed.newBuilder().setSessionId(sessionId)
                .setRefreshTokenHash("hmac-sha256:cmVmcmVzaGVk").setClient(CLIENT).setIdleExpiresAt(idleExpiresAt)
                .build());
    }

    public static SessionEvent loggedOut(String sessionId) {
        return event(USER, SessionLoggedOut.newBuilder().setSessionId(sessionId).build());
    }

    public static SessionEvent revoked(String sessionId) {
        return event(USER, SessionRevoked.newBuilder().setSessionId(sessionId).setReason(RevocationReason.REVOKED)
                .build());
    }

    public static SessionEvent evicted(String sessionId) {
        return event(USER, SessionEvicted.newBuilder().setSessionId(sessionId).setEvictedBy("newer-session").build());
    }

    public static SessionEvent expired(String sessionId, Instant dueAt) {
        return event(USER, SessionExpired.newBuilder().setSessionId(sessionId).setDeadline(SessionDeadline.IDLE)
                .setDueAt(dueAt).build());
    }

    public static SessionEvent loginFailed() {
        return event(USER, LoginFailed.newBuilder().setMethod(LoginMethod.PASSWORD)
                .setReason(LoginFailure.BAD_CREDENTIALS).setClient(CLIENT).setRecentFailures(1).build());
    }

    /** Keyed {@code ip:<address>} on the topic, and so aggregated by it. */
    public static SessionEvent addressLockedOut(Instant lockedUntil) {
        return event("ip:" + ADDRESS, AddressLockedOut.newBuilder().setIp(ADDRESS).setLockedUntil(lockedUntil)
                .setLockLevel(1).setFailures(20).build());
    }

    private static SessionEvent event(String aggregateId, Object payload) {
        EventEnvelope envelope = EventEnvelope.newBuilder(SampleMessages.envelope())
                .setEventId(UUID.nameUUIDFromBytes((aggregateId + ":" + payload).getBytes(StandardCharsets.UTF_8))
                        .toString())
                .setAggregateId(aggregateId)
                .setTenantId(TENANT)
                .build();
        return new SessionEvent(envelope, payload);
    }
}
