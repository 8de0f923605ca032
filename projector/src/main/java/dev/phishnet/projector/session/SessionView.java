package dev.phishnet.projector.session;

import java.time.Instant;
import java.util.List;

import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.session.NewDeviceLoginDetected;
import dev.phishnet.schemas.session.RefreshTokenReused;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRefreshed;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.SessionStarted;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code sessions} read model shows of one session, as of {@link #version}. It keeps no refresh token hash.
 *
 * <p>The version is the user's session aggregate version, shared by all the sessions of that user: a session's
 * versions increase but skip the numbers of its siblings' events, so each view compares only with its own.
 *
 * @param id the session id, also the {@code sid} claim of its access tokens
 * @param userId the user signed in
 * @param tenantId the tenant that owns the user
 * @param method PASSWORD or ONE_TIME_CODE
 * @param client where the session was started from
 * @param lastIp the address of the last start or refresh
 * @param device the device key, {@code os|browser|deviceType}
 * @param newDevice whether the device had never been seen for this user at the start
 * @param riskScore 0 (none) to 100, at the start
 * @param riskReasons what made up the risk score
 * @param createdAt when the session started
 * @param lastSeenAt when it started or was last refreshed
 * @param refreshCount how many times its refresh token was exchanged
 * @param idleExpiresAt when it ends unless refreshed
 * @param absoluteExpiresAt when it ends at the latest
 * @param end how it ended; null while active
 * @param reuseDetectedAt when a spent refresh token of it was first presented again, if ever
 * @param alerted whether a new-device alert went out for it
 * @param version the aggregate version of the last event applied to this session
 */
public record SessionView(
        String id,
        String userId,
        String tenantId,
        String method,
        SessionClient client,
        String lastIp,
        String device,
        boolean newDevice,
        int riskScore,
        List<String> riskReasons,
        Instant createdAt,
        Instant lastSeenAt,
        int refreshCount,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        @Nullable SessionEnd end,
        @Nullable Instant reuseDetectedAt,
        boolean alerted,
        long version) {

    public SessionView {
        riskReasons = List.copyOf(riskReasons);
    }

    public SessionStatus status() {
        return end == null ? SessionStatus.ACTIVE : SessionStatus.ENDED;
    }

    /**
     * The session an event concerns; null for the facts about the user or an address as a whole (failed logins,
     * lockouts, one-time codes, security settings), which change no session.
     */
    public static @Nullable String sessionIdOf(SessionEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof SessionStarted started) {
            return started.getSessionId();
        }
        if (payload instanceof SessionRefreshed refreshed) {
            return refreshed.getSessionId();
        }
        if (payload instanceof RefreshTokenReused reused) {
            return reused.getSessionId();
        }
        if (payload instanceof SessionLoggedOut loggedOut) {
            return loggedOut.getSessionId();
        }
        if (payload instanceof SessionRevoked revoked) {
            return revoked.getSessionId();
        }
        if (payload instanceof SessionEvicted evicted) {
            return evicted.getSessionId();
        }
        if (payload instanceof SessionExpired expired) {
            return expired.getSessionId();
        }
        if (payload instanceof NewDeviceLoginDetected detected) {
            return detected.getSessionId();
        }
        return null;
    }

    /** The view a {@code SessionStarted} event starts. */
    public static SessionView started(EventEnvelope envelope, SessionStarted started) {
        SessionClient client = SessionClient.of(started.getClient());
        Instant at = envelope.getOccurredAt();
        return new SessionView(started.getSessionId(), envelope.getAggregateId(), envelope.getTenantId(),
                started.getMethod().name(), client, client.ip(), started.getDevice(), started.getNewDevice(),
                started.getRiskScore(), started.getRiskReasons(), at, at, 0, started.getIdleExpiresAt(),
                started.getAbsoluteExpiresAt(), null, null, false, envelope.getAggregateVersion());
    }

    /**
     * The view after {@code event}, or the view that exists when there is none to start from. A view moves only
     * forward: an event at or below its version was applied already (a redelivery, a replay) and changes nothing.
     *
     * @param current the view so far, null when the session has none yet
     * @return the view after the event; null when there is still none (its start is not on the topic any more, or
     *     not yet read, so there is no whole view to build)
     */
    public static @Nullable SessionView project(@Nullable SessionView current, SessionEvent event) {
        if (current == null) {
            return event.getPayload() instanceof SessionStarted started ? started(event.getEnvelope(), started) : null;
        }
        return current.apply(event);
    }

    /** This view after {@code event}; itself when the event is not newer than it or concerns another session. */
    public SessionView apply(SessionEvent event) {
        EventEnvelope envelope = event.getEnvelope();
        if (envelope.getAggregateVersion() <= version || !id.equals(sessionIdOf(event))) {
            return this;
        }
        return next(event.getPayload(), envelope.getOccurredAt()).at(envelope.getAggregateVersion());
    }

    /** Java 17 has no pattern switch; the payload is an Avro union, so one type test per fact. */
    private SessionView next(Object payload, Instant at) {
        if (payload instanceof SessionRefreshed refreshed) {
            return refreshed(at, refreshed.getClient().getIp(), refreshed.getIdleExpiresAt());
        }
        if (payload instanceof RefreshTokenReused) {
            return reuseDetectedAt == null ? withReuseDetectedAt(at) : this;
        }
        if (payload instanceof SessionLoggedOut) {
            return ended(new SessionEnd(EndReason.LOGGED_OUT, at, null));
        }
        if (payload instanceof SessionRevoked revoked) {
            return ended(new SessionEnd(EndReason.revoked(revoked.getReason()), at, null));
        }
        if (payload instanceof SessionEvicted evicted) {
            return ended(new SessionEnd(EndReason.EVICTED, at, evicted.getEvictedBy()));
        }
        if (payload instanceof SessionExpired expired) {
            return ended(new SessionEnd(EndReason.expired(expired.getDeadline()), at, null));
        }
        if (payload instanceof NewDeviceLoginDetected) {
            return withAlerted();
        }
        // A second start of one id: only the version moves.
        return this;
    }

    /** An ended session is not refreshed any more; a late refresh (there should be none) changes nothing. */
    private SessionView refreshed(Instant at, String ip, Instant newIdleExpiresAt) {
        if (end != null) {
            return this;
        }
        return new SessionView(id, userId, tenantId, method, client, ip, device, newDevice, riskScore, riskReasons,
                createdAt, at, refreshCount + 1, newIdleExpiresAt, absoluteExpiresAt, end, reuseDetectedAt, alerted,
                version);
    }

    /** The first end is the one that counts: a session ends once, whatever is said of it later. */
    private SessionView ended(SessionEnd newEnd) {
        if (end != null) {
            return this;
        }
        return new SessionView(id, userId, tenantId, method, client, lastIp, device, newDevice, riskScore,
                riskReasons, createdAt, lastSeenAt, refreshCount, idleExpiresAt, absoluteExpiresAt, newEnd,
                reuseDetectedAt, alerted, version);
    }

    private SessionView withReuseDetectedAt(Instant at) {
        return new SessionView(id, userId, tenantId, method, client, lastIp, device, newDevice, riskScore,
                riskReasons, createdAt, lastSeenAt, refreshCount, idleExpiresAt, absoluteExpiresAt, end, at, alerted,
                version);
    }

    private SessionView withAlerted() {
        return new SessionView(id, userId, tenantId, method, client, lastIp, device, newDevice, riskScore,
                riskReasons, createdAt, lastSeenAt, refreshCount, idleExpiresAt, absoluteExpiresAt, end,
                reuseDetectedAt, true, version);
    }

    private SessionView at(long newVersion) {
        return new SessionView(id, userId, tenantId, method, client, lastIp, device, newDevice, riskScore,
                riskReasons, createdAt, lastSeenAt, refreshCount, idleExpiresAt, absoluteExpiresAt, end,
                reuseDetectedAt, alerted, newVersion);
    }
}
