package dev.phishnet.commandapi.session;

import java.time.Instant;
import java.util.Objects;

/** A sign-in code issued to a user, known by its hash only. */
public record OneTimeCode(SecretHash hash, Instant issuedAt, Instant expiresAt, boolean spent) {

    public OneTimeCode {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Unspent and unexpired at {@code now}; the shared attempt counter is the caller's to check. */
    public boolean usableAt(Instant now) {
        return !spent && now.isBefore(expiresAt);
    }

    OneTimeCode markedSpent() {
        return new OneTimeCode(hash, issuedAt, expiresAt, true);
    }
}
