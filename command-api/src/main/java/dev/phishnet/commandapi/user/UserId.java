package dev.phishnet.commandapi.user;

import java.util.Objects;
import java.util.UUID;

/** Identity of a user: a UUID in canonical form, so that two spellings of one id are one key. */
public record UserId(String value) {

    public UserId {
        Objects.requireNonNull(value, "userId");
        value = UUID.fromString(value).toString();
    }

    public static UserId of(String value) {
        return new UserId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
