package dev.phishnet.commandapi.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The keyed hash of a secret (a refresh token, a one-time code), opaque to the domain: the secret itself never
 * reaches the processor. Never printed, so that no log carries even the hash.
 */
public record SecretHash(String value) {

    public SecretHash {
        Objects.requireNonNull(value, "hash");
        if (value.isBlank()) {
            throw new IllegalArgumentException("hash must not be blank");
        }
    }

    public static SecretHash of(String value) {
        return new SecretHash(value);
    }

    /** Compares in constant time, so that how long a comparison takes says nothing of how much matched. */
    public boolean matches(SecretHash other) {
        return other != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SecretHash[redacted]";
    }
}
