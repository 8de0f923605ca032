package dev.phishnet.commandapi.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.server.reactive.ServerHttpRequest;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code Idempotency-Key} of a command request and fingerprints the request: HMAC-SHA256, keyed by
 * {@code platform.commands.idempotency-secret}, over the method, the path and the body as decoded, re-serialized in
 * one canonical form (properties sorted, no whitespace), so that a repeat sent with other spacing or property order
 * is the same request. The body includes any clear password: that is why the fingerprint must be keyed. It travels on
 * {@code commands}, and a plain hash of a password is a dictionary attack away from the password.
 */
public final class RequestFingerprints {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec secret;
    private final JsonMapper canonical = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            // Else a record's components come first, in declaration order: reordering a record would change every
            // fingerprint and turn retries in flight during a deployment into 422s.
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .build();

    public RequestFingerprints(String secret) {
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /**
     * The request's idempotency key and fingerprint, or null when it has no {@code Idempotency-Key} header.
     *
     * @param body the decoded request body (a request record), or null for a request without one
     * @throws ApiProblem 400 naming the header when its value is not a valid key
     */
    public Idempotency read(ServerHttpRequest request, Object body) {
        List<String> values = request.getHeaders().getOrEmpty(Idempotency.HEADER);
        if (values.isEmpty()) {
            return null;
        }
        String key = Idempotency.validKey(values);
        return new Idempotency(key, fingerprint(request.getMethod().name(),
                request.getPath().pathWithinApplication().value(), body));
    }

    /** Base64url (no padding) of HMAC-SHA256(secret, method LF path LF canonical JSON of the body). */
    public String fingerprint(String method, String path, Object body) {
        String message = method + "\n" + path + "\n" + canonical.writeValueAsString(body);
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
