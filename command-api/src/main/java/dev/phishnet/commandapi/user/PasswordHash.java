package dev.phishnet.commandapi.user;

import java.util.Objects;

/** A password hash, opaque to the domain. Never printed: records print their components, logs keep them. */
public record PasswordHash(String value) {

    public PasswordHash {
        Objects.requireNonNull(value, "passwordHash");
        if (value.isBlank()) {
            throw new IllegalArgumentException("passwordHash must not be blank");
        }
    }

    public static PasswordHash of(String value) {
        return new PasswordHash(value);
    }

    @Override
    public String toString() {
        return "PasswordHash[redacted]";
    }
}
