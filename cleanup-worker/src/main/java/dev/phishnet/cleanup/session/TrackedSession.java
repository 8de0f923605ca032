package dev.phishnet.cleanup.session;

import java.time.Instant;

/**
 * A live session as the worker follows it: whose it is and its two deadlines.
 *
 * @param userId the user the session belongs to (the key of its events, and of the command that expires it)
 * @param tenantId the user's tenant, which the expiry command carries
 * @param idleExpiresAt when it ends unless refreshed; each refresh moves it
 * @param absoluteExpiresAt when it ends at the latest, refreshed or not
 */
public record TrackedSession(String userId, String tenantId, Instant idleExpiresAt, Instant absoluteExpiresAt) {

    /** When the session is due to expire: the earlier of its deadlines. */
    public Instant deadline() {
        return idleExpiresAt.isBefore(absoluteExpiresAt) ? idleExpiresAt : absoluteExpiresAt;
    }

    /** The session after a refresh that moved its idle deadline; the absolute one still caps it. */
    public TrackedSession refreshedUntil(Instant idleExpiresAt) {
        return new TrackedSession(userId, tenantId, idleExpiresAt, absoluteExpiresAt);
    }
}
