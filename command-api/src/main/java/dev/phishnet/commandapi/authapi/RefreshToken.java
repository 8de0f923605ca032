package dev.phishnet.commandapi.authapi;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * An opaque refresh token: {@code <userId>.<sessionId>.<secret>}, the secret 256 random bits. The ids route the
 * refresh to the user's partition without a lookup; only the secret makes it valid, and only its keyed hash is kept.
 */
record RefreshToken(String userId, String sessionId, String secret) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;

    static RefreshToken issue(String userId, String sessionId) {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new RefreshToken(userId, sessionId, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Empty when the text is not a token this service could have issued. */
    static Optional<RefreshToken> parse(String text) {
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 3 || parts[2].length() != 43 || !isUuid(parts[0]) || !isUuid(parts[1])) {
            return Optional.empty();
        }
        return Optional.of(new RefreshToken(parts[0], parts[1], parts[2]));
    }

    String value() {
        return userId + "." + sessionId + "." + secret;
    }

    @Override
    public String toString() {
        return "RefreshToken[userId=" + userId + ", sessionId=" + sessionId + "]";
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException notOne) {
            return false;
        }
    }
}
