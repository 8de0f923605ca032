package dev.phishnet.commandapi.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Tokens the API must refuse. Most are {@linkplain #refused() refused whatever else the request says}: garbage, alg
 * none, expired, another key's, HS256 keyed with the public key, tampered, another issuer's. The {@linkplain
 * #oddClaims() odd-claims} ones are signed with the API's real key but carry claims of the wrong shape ({@code tenant:
 * {"$gt": ""}}, no subject, roles as a string): trusted signatures, so the request around them is broken too.
 */
final class BadTokens {

    private final List<String> refused = new ArrayList<>();
    private final List<String> oddClaims = new ArrayList<>();

    /**
     * @param realKey the API's signing key (private half), as the service reads it from its key file
     * @param issuer the API's own issuer
     * @param validToken a valid token of the fuzzing caller, to tamper with
     */
    BadTokens(ECKey realKey, String issuer, String validToken, String tenant, String userId) {
        try {
            ECKey otherKey = new ECKeyGenerator(Curve.P_256).keyID(realKey.getKeyID()).generate();
            JWSSigner real = new ECDSASigner(realKey);
            Instant now = Instant.now();
            JWTClaimsSet valid = claims(issuer, userId, tenant, now, now.plus(Duration.ofMinutes(10))).build();

            refused.add("garbage");
            refused.add("a.b.c");
            refused.add("....");
            refused.add("eyJhbGciOiJub25lIn0");
            refused.add("x".repeat(4000));
            refused.add(Base64.getUrlEncoder().encodeToString("{\"$gt\":\"\"}".getBytes(StandardCharsets.UTF_8)));
            refused.add(unsigned("{\"alg\":\"none\",\"typ\":\"at+jwt\"}", valid));
            refused.add(unsigned("{\"alg\":\"none\"}", valid) + "c2lnbmF0dXJl");
            refused.add(unsigned("{\"alg\":\"NONE\",\"kid\":\"" + realKey.getKeyID() + "\"}", valid));
            refused.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(),
                    claims(issuer, userId, tenant, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)))
                            .build()));
            refused.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(),
                    claims(issuer, userId, tenant, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)))
                            .notBeforeTime(Date.from(now.plus(Duration.ofDays(1)))).build()));
            refused.add(sign(new ECDSASigner(otherKey), JWSAlgorithm.ES256, realKey.getKeyID(), valid));
            refused.add(sign(new ECDSASigner(otherKey), JWSAlgorithm.ES256, "../../../../../etc/passwd", valid));
            refused.add(sign(new MACSigner(hmacKey(realKey.toPublicJWK().toJSONString())), JWSAlgorithm.HS256,
                    realKey.getKeyID(), valid));
            refused.add(sign(new MACSigner(hmacKey(Base64.getEncoder().encodeToString(
                    realKey.toECPublicKey().getEncoded()))), JWSAlgorithm.HS256, realKey.getKeyID(), valid));
            refused.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(),
                    claims("http://evil.example", userId, tenant, now, now.plus(Duration.ofMinutes(10))).build()));
            refused.add(tampered(validToken, "{\"iss\":\"" + issuer + "\",\"sub\":\"" + userId
                    + "\",\"tenant\":\"tenant-b\",\"roles\":[\"admin\"],\"sid\":\"s\",\"exp\":4102444800}"));
            refused.add(tampered(validToken, "{\"iss\":\"" + issuer + "\",\"sub\":{\"$ne\":null},\"tenant\":"
                    + "{\"$gt\":\"\"},\"roles\":[\"admin\"],\"sid\":\"s\",\"exp\":4102444800}"));
            refused.add(validToken.substring(0, validToken.length() - 4) + "AAAA");
            refused.add(validToken.replace('.', '!'));
            refused.add(validToken + "." + validToken);
            refused.add(header(Map.of("alg", "ES256", "kid", realKey.getKeyID(), "jku", "http://127.0.0.1:1/jwks"))
                    + "." + validToken.split("\\.")[1] + "." + validToken.split("\\.")[2]);

            oddClaims.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(), claims(issuer, userId, tenant, now,
                    now.plus(Duration.ofMinutes(10))).claim("tenant", Map.of("$gt", "")).build()));
            oddClaims.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(), claims(issuer, userId, tenant, now,
                    now.plus(Duration.ofMinutes(10))).claim("tenant", List.of("tenant-a", "tenant-b")).build()));
            oddClaims.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(), claims(issuer, null, tenant, now,
                    now.plus(Duration.ofMinutes(10))).build()));
            oddClaims.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(), claims(issuer, userId, tenant, now,
                    now.plus(Duration.ofMinutes(10))).claim("roles", "admin").build()));
            oddClaims.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(), claims(issuer, userId, tenant, now,
                    now.plus(Duration.ofMinutes(10))).claim("roles", java.util.Collections.singletonMap("$ne", null)).build()));
            oddClaims.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(), claims(issuer, userId, tenant, now,
                    now.plus(Duration.ofMinutes(10))).claim("sid", null).build()));
            oddClaims.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(), claims(issuer, userId, tenant, now,
                    now.plus(Duration.ofMinutes(10))).claim("sid", Map.of("$where", "1")).build()));
            oddClaims.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(), claims(issuer, "../../admin", tenant,
                    now, now.plus(Duration.ofMinutes(10))).build()));
            oddClaims.add(sign(real, JWSAlgorithm.ES256, realKey.getKeyID(), claims(issuer, userId, "", now,
                    now.plus(Duration.ofMinutes(10))).build()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Tokens refused whatever the rest of the request says. */
    List<String> refused() {
        return refused;
    }

    /** Tokens signed with the real key whose claims have the wrong shape. */
    List<String> oddClaims() {
        return oddClaims;
    }

    private static JWTClaimsSet.Builder claims(String issuer, String subject, String tenant, Instant issued,
            Instant expires) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject(subject).claim("tenant", tenant)
                .claim("roles", List.of("admin")).claim("sid", UUID.randomUUID().toString())
                .issueTime(Date.from(issued)).expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString());
    }

    private static String sign(JWSSigner signer, JWSAlgorithm algorithm, String kid, JWTClaimsSet claims)
            throws JOSEException {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid)
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        token.sign(signer);
        return token.serialize();
    }

    private static String unsigned(String header, JWTClaimsSet claims) {
        return encode(header) + "." + encode(claims.toString()) + ".";
    }

    private static String tampered(String token, String payload) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + encode(payload) + "." + parts[2];
    }

    private static String header(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":\"").append(value).append('"'));
        return encode(json.append('}').toString());
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** HS256 needs at least 256 bits: the public key's text is longer than that. */
    private static byte[] hmacKey(String publicKey) {
        return publicKey.getBytes(StandardCharsets.UTF_8);
    }
}
