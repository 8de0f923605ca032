package dev.phishnet.commandapi.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.token.TestSigningKeys;
import dev.phishnet.commandapi.token.TokenConfiguration;
import org.junit.jupiter.api.AfterAll;
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
 * The security chain with two trusted issuers that put the tenant in different claims, the second one Keycloak-like
 * (roles in {@code realm_access.roles}, an audience), and a third, rogue issuer that is up and signing but not trusted.
 */
@WebFluxTest(useDefaultFilters = false, properties = "platform.registration.open=true")
@ContextConfiguration(classes = BearerTokenAuthenticationTest.Slice.class)
class BearerTokenAuthenticationTest {

    private static final TestIssuers servers = new TestIssuers();
    private static final TestIssuers.Issuer acme = servers.issuer("acme");
    private static final TestIssuers.Issuer keycloak = servers.issuer("keycloak");
    private static final TestIssuers.Issuer rogue = servers.issuer("rogue");

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
    static void trustedIssuers(DynamicPropertyRegistry registry) {
        TestSigningKeys.register(registry);
        registry.add("platform.security.trusted-issuers[0].issuer-uri", acme::uri);
        registry.add("platform.security.trusted-issuers[1].issuer-uri", keycloak::uri);
        registry.add("platform.security.trusted-issuers[1].tenant-claim", () -> "org");
        registry.add("platform.security.trusted-issuers[1].audience", () -> "phishnet-api");
    }

    @AfterAll
    static void stopIssuers() {
        servers.close();
    }

    @Autowired
    WebTestClient web;

    @Test
    void validTokenReachesTheHandlerWithTheCallerFromItsClaims() {
        String token = acme.sign(acme.claims("user-1").claim("tenant", "tenant-a").claim("roles", List.of("Admin",
                "ANALYST", "billing")));

        CallerEcho.WhoAmI whoAmI = whoAmI(token);

        assertThat(whoAmI.caller()).isEqualTo(new Caller("user-1", "tenant-a", Set.of("admin", "analyst")));
        assertThat(whoAmI.name()).isEqualTo("user-1");
        assertThat(whoAmI.authorities()).containsExactly("ROLE_ADMIN", "ROLE_ANALYST");
    }

    @Test
    void keycloakRealmRolesAndAnotherTenantClaimAreUnderstood() {
        String token = keycloak.sign(keycloak.claims("kc-user").claim("org", "tenant-k").audience("phishnet-api")
                .claim("realm_access", Map.of("roles", List.of("user", "offline_access", "uma_authorization"))));

        assertThat(whoAmI(token).caller()).isEqualTo(new Caller("kc-user", "tenant-k", Set.of("user")));
    }

    @Test
    void eachIssuerIsDiscoveredOnceAndItsKeysKept() {
        for (int i = 0; i < 3; i++) {
            whoAmI(acme.sign(acme.claims("user-" + i).claim("tenant", "tenant-a")));
        }

        assertThat(servers.discoveriesOf("acme")).isEqualTo(1);
    }

    @Test
    void expiredTokenIsRefused() {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        String token = acme.sign(acme.claims("user-1").claim("tenant", "tenant-a")
                .issueTime(Date.from(hourAgo)).expirationTime(Date.from(hourAgo.plus(Duration.ofMinutes(5)))));

        refused(token, "expired");
    }

    @Test
    void tokenNotYetValidIsRefused() {
        Instant inTenMinutes = Instant.now().plus(Duration.ofMinutes(10));
        String token = acme.sign(acme.claims("user-1").claim("tenant", "tenant-a").notBeforeTime(Date.from(inTenMinutes))
                .expirationTime(Date.from(inTenMinutes.plus(Duration.ofMinutes(5)))));

        refused(token, "used before");
    }

    @Test
    void tokenNamingAKeyTheIssuerDoesNotPublishIsRefused() throws JOSEException {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("not-published").generate();
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(stranger.getKeyID()).build(),
                acme.claims("user-1").claim("tenant", "tenant-a").build());
        token.sign(new RSASSASigner(stranger));

        refused(token.serialize(), "Failed to validate the token");
    }

    @Test
    void tokenWithTamperedClaimsIsRefused() {
        String[] parts = acme.sign(acme.claims("user-1").claim("tenant", "tenant-a")).split("\\.");
        String otherTenant = acme.claims("user-1").claim("tenant", "tenant-b").build().toString();
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(otherTenant.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        refused(tampered, "Failed to validate the token");
    }

    @Test
    void tokenSignedByAnotherKeyIsRefused() {
        String forged = rogue.sign(acme.claims("user-1").claim("tenant", "tenant-a"));

        refused(forged, null);
    }

    @Test
    void untrustedIssuerIsRefusedWithoutContactingIt() {
        String token = rogue.sign(rogue.claims("user-1").claim("tenant", "tenant-a"));

        refused(token, "issuer is not trusted");
        assertThat(servers.requestsTo("rogue")).isZero();
    }

    @Test
    void unsignedTokenIsRefused() {
        String token = new PlainJWT(acme.claims("user-1").claim("tenant", "tenant-a").build()).serialize();

        refused(token, "Unsupported algorithm");
    }

    @Test
    void hmacTokenKeyedWithTheIssuersPublicKeyIsRefused() throws JOSEException {
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                acme.claims("user-1").claim("tenant", "tenant-a").build());
        token.sign(new MACSigner(acme.key().toPublicKey().getEncoded()));

        refused(token.serialize(), "Unsupported algorithm");
    }

    @Test
    void tokenWithoutTenantIsRefusedNamingTheClaim() {
        refused(acme.sign(acme.claims("user-1")), "'tenant' claim");
        refused(keycloak.sign(keycloak.claims("kc-user").claim("tenant", "tenant-k").audience("phishnet-api")),
                "'org' claim");
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        refused(keycloak.sign(keycloak.claims("kc-user").claim("org", "tenant-k").audience("other-api")), "aud");
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        refused(acme.sign(acme.claims("user-1").claim("tenant", "tenant-a").expirationTime(null)), "exp");
    }

    @Test
    void requestWithoutTokenIsAProblem() {
        web.get().uri("/api/v1/test/whoami").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title").isEqualTo("Unauthorized")
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.detail").isEqualTo("This request needs a bearer token")
                .jsonPath("$.properties").doesNotExist()
                .jsonPath("$.instance").isEqualTo("/api/v1/test/whoami");
    }

    @Test
    void deniedAccessIsAForbiddenProblem() {
        web.get().uri("/api/v1/test/forbidden")
                .headers(headers -> headers.setBearerAuth(acme.sign(acme.claims("user-1").claim("tenant", "t"))))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).contains("error=\"insufficient_scope\""))
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403);
    }

    @Test
    void openRegistrationNeedsNoToken() {
        web.post().uri("/api/v1/users").exchange()
                .expectStatus().isCreated()
                .expectBody(String.class).isEqualTo("anonymous");
    }

    @Test
    void registrationWithATokenStillChecksIt() {
        web.post().uri("/api/v1/users")
                .headers(headers -> headers.setBearerAuth(acme.sign(acme.claims("admin-1").claim("tenant", "t"))))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(String.class).isEqualTo("admin-1");
        web.post().uri("/api/v1/users").headers(headers -> headers.setBearerAuth("not-a-jwt")).exchange()
                .expectStatus().isUnauthorized();
    }

    /** Ignored, broken credentials would make an admin's user creation an anonymous self-registration. */
    @Test
    void anAuthorizationOfAnotherSchemeIsRefusedEvenWhereNoTokenIsNeeded() {
        var token = acme.sign(acme.claims("admin-1").claim("tenant", "t"));
        for (var authorization : java.util.List.of("Token " + token, "Basic YWRtaW46YWRtaW4=", "bearer-ish " + token)) {
            web.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, authorization).exchange()
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType("application/problem+json")
                    .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                            value -> assertThat(value).contains("only Bearer tokens are accepted"));
        }
        web.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "bearer " + token).exchange()
                .expectStatus().isCreated().expectBody(String.class).isEqualTo("admin-1");
    }

    @Test
    void healthNeedsNoToken() {
        // No actuator in this slice: 404 means the chain let the request through.
        web.get().uri("/actuator/health/liveness").exchange().expectStatus().isNotFound();
    }

    private CallerEcho.WhoAmI whoAmI(String token) {
        return web.get().uri("/api/v1/test/whoami").headers(headers -> headers.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody(CallerEcho.WhoAmI.class).returnResult().getResponseBody();
    }

    private void refused(String token, String because) {
        web.get().uri("/api/v1/test/whoami").headers(headers -> headers.setBearerAuth(token)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> {
                    assertThat(value).startsWith("Bearer ").contains("error=\"invalid_token\"");
                    if (because != null) {
                        assertThat(value).contains(because);
                    }
                })
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401);
    }
}
