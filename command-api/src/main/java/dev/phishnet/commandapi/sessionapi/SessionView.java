package dev.phishnet.commandapi.sessionapi;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

/**
 * A session as queries return it, copied field by field from its {@code sessions} document (which holds no token or
 * hash in any case).
 *
 * @param status ACTIVE or ENDED
 * @param endReason why it ended (LOGGED_OUT, REVOKED, ALL_REVOKED, USER_DEACTIVATED, REFRESH_TOKEN_REUSED, EVICTED,
 *     EXPIRED_IDLE, EXPIRED_ABSOLUTE), null while active
 */
public record SessionView(
        String id, String userId, String status, String endReason, String method,
        String ip, String userAgent, String os, String browser, String deviceType, boolean newDevice,
        int riskScore, List<String> riskReasons,
        Instant createdAt, Instant lastSeenAt, Instant idleExpiresAt, Instant absoluteExpiresAt, Instant endedAt,
        long version) {

    static SessionView from(Document session) {
        Number version = session.get("version", Number.class);
        Number risk = session.get("riskScore", Number.class);
        return new SessionView(
                session.getString("_id"),
                session.getString("userId"),
                session.getString("status"),
                session.getString("endReason"),
                session.getString("method"),
                session.getString("ip"),
                session.getString("userAgent"),
                session.getString("os"),
                session.getString("browser"),
                session.getString("deviceType"),
                Boolean.TRUE.equals(session.getBoolean("newDevice")),
                risk != null ? risk.intValue() : 0,
                session.getList("riskReasons", String.class, List.of()),
                instant(session.getDate("createdAt")),
                instant(session.getDate("lastSeenAt")),
                instant(session.getDate("idleExpiresAt")),
                instant(session.getDate("absoluteExpiresAt")),
                instant(session.getDate("endedAt")),
                version != null ? version.longValue() : 0L);
    }

    boolean active() {
        return "ACTIVE".equals(status);
    }

    private static Instant instant(Date date) {
        return date != null ? date.toInstant() : null;
    }
}
