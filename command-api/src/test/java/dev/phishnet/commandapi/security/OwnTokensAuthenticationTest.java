package dev.phishnet.commandapi.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.token.TestSigningKeys;
import dev.phishnet.commandapi.token.TokenConfiguration;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The API's own tokens through the security chain, with two keys configured (mid-rotation): a new EC key that signs
 * and the previous, RSA one, still accepted.
 */
@WebFluxTest(useDefaultFilters = false)
@ContextConfiguration(classes = OwnTokensAuthenticationTest.Slice.class)
class OwnTokensAuthenticationTest {

    private static final String ISSUER = "https://api.phishnet.test";
    private static final String AUDIENCE = "phishnet-api";
    private static final String USER_ID = "7f1d2c3b-0000-4000-8000-000000000001";

    private static final Path CURRENT = TestSigningKeys.ecKeyFile(TestSigningKeys.temporaryFile("current.pem"));
    private static final Path PREVIOUS = TestSigningKeys.rsaKeyFile(TestSigningKeys.temporaryFile("previous.pem"),
            2048);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommandApiProperties.class)
    @Import({SecurityConfiguration.class, TokenConfiguration.class, CallerEcho.class})
    static class Slice {

        @Bean
        EndedSessions endedSessions() {
            return new EndedSessions();
        }
    }

    @DynamicPropertySource
    static void tokens(DynamicPropertyRegistry registry) {
        registry.add("platform.tokens.issuer", () -> ISSUER);
        registry.add("platform.tokens.audience", () -> AUDIENCE);
        registry.add("platform.tokens.signing-keys[0].kid", () -> "current");
        registry.add("platform.tokens.signing-keys[0].private-key-file", CURRENT::toString);
        registry.add("platform.tokens.signing-keys[1].kid", () -> "previous");
        registry.add("platform.tokens.signing-keys[1].private-key-file", PREVIOUS::toString);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    AccessTokens accessTokens;

    @Autowired
    EndedSessions endedSessions;

    @Test
    void aTokenTheApiIssuedNamesTheCallerAndTheirSession() {
        String sessionId = UUID.randomUUID().toString();

        CallerEcho.WhoAmI whoAmI = whoAmI(issue(sessionId, Role.ADMIN, Role.USER));

        assertThat(whoAmI.caller()).isEqualTo(new Caller(USER_ID, "acme", Set.of("admin", "user"), sessionId));
        assertThat(whoAmI.name()).isEqualTo(USER_ID);
        assertThat(whoAmI.authorities()).containsExactly("ROLE_ADMIN", "ROLE_USER");
    }

    @Test
    void aTokenOfAnEndedSessionIsRefusedWhileTheUsersOtherSessionsGoOn() {
        String ended = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String token = issue(ended, Role.USER);
        whoAmI(token);

        endedSessions.end(ended);

        refused(token, "session has ended");
        assertThat(whoAmI(issue(other, Role.USER)).sessionId()).isEqualTo(other);
    }

    @Test
    void theRefusalIsAProblemLikeEveryOther401() {
        String sessionId = UUID.randomUUID().toString();
        String token = issue(sessionId, Role.USER);
        endedSessions.end(sessionId);

        web.get().uri("/api/v1/test/whoami").headers(headers -> headers.setBearerAuth(token)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isEqualTo("Unauthorized")
                .jsonPath("$.detail").isEqualTo("The token's session has ended: sign in again")
                .jsonPath("$.instance").isEqualTo("/api/v1/test/whoami");
    }

    @Test
    void aTamperedTokenIsRefused() {
        String[] parts = issue(UUID.randomUUID().toString(), Role.USER).split("\\.");
        String otherTenant = claims("s-1").claim("tenant", "someone-else").build().toString();
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(otherTenant.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        refused(tampered, "Invalid signature");
    }

    @Test
    void aTokenNamingAKeyWeDoNotHaveIsRefused() {
        JWK stranger = TestSigningKeys.jwk(TestSigningKeys.ecKeyFile(TestSigningKeys.temporaryFile("stranger.pem")),
                "unknown");

        refused(sign(stranger, claims("s-1")), "no matching key");
    }

    @Test
    void aTokenSignedByAnotherKeyUnderOurKidIsRefused() {
        JWK impostor = TestSigningKeys.jwk(TestSigningKeys.ecKeyFile(TestSigningKeys.temporaryFile("impostor.pem")),
                "current");

        refused(sign(impostor, claims("s-1")), "Invalid signature");
    }

    @Test
    void aTokenOfThePreviousKeyIsStillAccepted() {
        JWK previous = TestSigningKeys.jwk(PREVIOUS, "previous");

        assertThat(whoAmI(sign(previous, claims("s-previous"))).sessionId()).isEqualTo("s-previous");
    }

    @Test
    void aTokenOfOursWithoutASessionIsRefused() {
        refused(sign(current(), claims("s-1").claim("sid", null)), "'sid' claim");
    }

    @Test
    void anExpiredTokenOfOursIsRefused() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));

        refused(sign(current(), claims("s-1").issueTime(Date.from(hourAgo))
                .expirationTime(Date.from(hourAgo.plus(Duration.ofMinutes(10))))), "expired");
    }

    @Test
    void aTokenOfOursNotYetValidIsRefused() {
        Instant inTenMinutes = Instant.now().plus(Duration.ofMinutes(10));

        refused(sign(current(), claims("s-1").notBeforeTime(Date.from(inTenMinutes))
                .expirationTime(Date.from(inTenMinutes.plus(Duration.ofMinutes(10))))), "used before");
    }

    @Test
    void aTokenSignedWithOurKeyButNamingAnotherIssuerIsRefused() {
        refused(sign(current(), claims("s-1").issuer("https://elsewhere.example.com")), "issuer is not trusted");
    }

    @Test
    void aTokenOfOursForAnotherAudienceOrNoneIsRefused() {
        refused(sign(current(), claims("s-1").audience("another-api")), "aud");
        refused(sign(current(), claims("s-1").audience((String) null)), "aud");
    }

    @Test
    void theAudienceOfOurTokensIsTheConfiguredOne() {
        String sessionId = UUID.randomUUID().toString();

        assertThat(whoAmI(issue(sessionId, Role.USER)).sessionId()).isEqualTo(sessionId);
    }

    @Test
    void anUnsignedTokenNamingUsIsRefused() {
        String token = new PlainJWT(claims("s-1").build()).serialize();

        refused(token, "Unsupported algorithm");
    }

    @Test
    void anHmacTokenKeyedWithOurPublicKeyIsRefused() throws JOSEException {
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("current")
                .type(AccessTokens.TYPE).build(), claims("s-1").build());
        token.sign(new MACSigner(current().toPublicJWK().toECKey().toECPublicKey().getEncoded()));

        refused(token.serialize(), "Another algorithm expected");
    }

    @Test
    void aTokenOfOursThatIsNotAnAccessTokenIsRefused() {
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("current")
                .type(JOSEObjectType.JWT).build(), claims("s-1").build());

        refused(signed(idToken, current()), "typ");
    }

    private String issue(String sessionId, Role... roles) {
        return accessTokens.issue(UserId.of(USER_ID), TenantId.of("acme"), Set.of(roles), sessionId).token();
    }

    private static JWK current() {
        return TestSigningKeys.jwk(CURRENT, "current");
    }

    private static JWTClaimsSet.Builder claims(String sessionId) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(USER_ID)
                .claim("tenant", "acme")
                .claim("roles", List.of("user"))
                .claim("sid", sessionId)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    private static String sign(JWK key, JWTClaimsSet.Builder claims) {
        JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
                .type(AccessTokens.TYPE).build(), claims.build());
        return signed(token, key);
    }

    private static String signed(SignedJWT token, JWK key) {
        try {
            token.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
            return token.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private CallerEcho.WhoAmI whoAmI(String token) {
        return web.get().uri("/api/v1/test/whoami").headers(headers -> headers.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody(CallerEcho.WhoAmI.class).returnResult().getResponseBody();
    }

    private void refused(String token, String because) {
        web.get().uri("/api/v1/test/whoami").headers(headers -> headers.setBearerAuth(token)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> assertThat(value)
                        .startsWith("Bearer ").contains("error=\"invalid_token\"").contains(because))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401);
    }
}
