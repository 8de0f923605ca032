package dev.phishnet.commandapi.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One active session of a user.
 *
 * @param refreshTokenHash hash of the refresh token that can be exchanged now
 * @param rotatedOut hashes of the refresh tokens already exchanged, oldest first, at most {@link #ROTATED_OUT_KEPT}:
 *     presenting one again is a replay
 * @param client the client that started the session
 * @param device the starting client's device key
 * @param idleExpiresAt ends then unless refreshed
 * @param absoluteExpiresAt ends then at the latest
 * @param lastSeenAt start or latest refresh
 */
public record Session(
        SessionId id,
        LoginMethod method,
        Instant startedAt,
        SecretHash refreshTokenHash,
        List<SecretHash> rotatedOut,
        Client client,
        String device,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        Instant lastSeenAt) {

    /**
     * Spent refresh tokens remembered per session: a day of refreshes every ten minutes and then some. A replay of an
     * older one is refused as unknown rather than detected as a reuse.
     */
    public static final int ROTATED_OUT_KEPT = 200;

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(refreshTokenHash, "refreshTokenHash");
        rotatedOut = List.copyOf(rotatedOut);
    }

    /** The earlier of the two deadlines: the session ends then. */
    public Instant deadline() {
        return idleExpiresAt.isBefore(absoluteExpiresAt) ? idleExpiresAt : absoluteExpiresAt;
    }

    /** Which deadline {@link #deadline()} is; the absolute one when both fall together, as it cannot move. */
    public SessionDeadline deadlineKind() {
        return idleExpiresAt.isBefore(absoluteExpiresAt) ? SessionDeadline.IDLE : SessionDeadline.ABSOLUTE;
    }

    /** Whether the session has reached its deadline at {@code now}. */
    public boolean lapsedAt(Instant now) {
        return !now.isBefore(deadline());
    }

    public boolean isCurrent(SecretHash presented) {
        return refreshTokenHash.matches(presented);
    }

    public boolean wasRotatedOut(SecretHash presented) {
        return rotatedOut.stream().anyMatch(spent -> spent.matches(presented));
    }

    Session refreshed(SecretHash newHash, Instant newIdleExpiresAt, Instant at) {
        List<SecretHash> spent = new ArrayList<>(rotatedOut);
        spent.add(refreshTokenHash);
        while (spent.size() > ROTATED_OUT_KEPT) {
            spent.remove(0);
        }
        return new Session(id, method, startedAt, newHash, spent, client, device, newIdleExpiresAt,
                absoluteExpiresAt, at);
    }
}
