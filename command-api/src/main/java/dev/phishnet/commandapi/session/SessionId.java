package dev.phishnet.commandapi.session;

import java.util.Objects;

/** Identity of a session, drawn by the API; also the {@code sid} claim of its access tokens. */
public record SessionId(String value) {

    public SessionId {
        Objects.requireNonNull(value, "sessionId");
        if (value.isBlank()) {
            throw new IllegalArgumentException("sessionId must not be blank");
        }
    }

    public static SessionId of(String value) {
        return new SessionId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
