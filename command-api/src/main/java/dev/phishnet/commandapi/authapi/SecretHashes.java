package dev.phishnet.commandapi.authapi;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The only form in which refresh tokens and one-time codes leave this service: HMAC-SHA256 under the deployment's
 * secret ({@code platform.sessions.hash-secret}). Keyed, because a six-digit code has a million values: a plain hash
 * of it on a topic would be a code in clear for anyone who reads the topic.
 */
final class SecretHashes {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "hmac-sha256:";

    private final SecretKeySpec key;

    SecretHashes(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    String refreshToken(RefreshToken token) {
        return hash("refresh-token\0" + token.value());
    }

    /** Bound to the user: the same code for two users hashes differently. */
    String oneTimeCode(String userId, String code) {
        return hash("one-time-code\0" + userId + "\0" + code);
    }

    private String hash(String input) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", impossible);
        }
    }
}
