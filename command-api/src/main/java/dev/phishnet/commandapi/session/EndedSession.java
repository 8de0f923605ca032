package dev.phishnet.commandapi.session;

import java.time.Instant;
import java.util.Objects;

/**
 * A session that ended, remembered so that ending it again is a no-op and its id is never reused.
 *
 * @param endedAt when it ended; null when not known (ended before the processor kept end times): such a session is
 *     due at the first purge of the user's ended sessions
 */
public record EndedSession(SessionId id, Instant endedAt) {

    public EndedSession {
        Objects.requireNonNull(id, "id");
    }

    /** Whether it ended before {@code instant}, or at a time not known. */
    boolean endedBefore(Instant instant) {
        return endedAt == null || endedAt.isBefore(instant);
    }
}
