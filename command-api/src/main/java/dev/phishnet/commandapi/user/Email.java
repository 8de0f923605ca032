package dev.phishnet.commandapi.user;

import java.util.Locale;
import java.util.Objects;

/**
 * An email address in normalized form (trimmed, lower-cased). Only the normalized form is kept, so that
 * uniqueness and login compare one spelling. Syntax is checked by the HTTP layer, not here.
 */
public record Email(String value) {

    public Email {
        Objects.requireNonNull(value, "email");
        value = value.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("email must not be blank");
        }
    }

    public static Email of(String raw) {
        return new Email(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
