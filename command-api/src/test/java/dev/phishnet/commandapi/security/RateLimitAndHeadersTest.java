package dev.phishnet.commandapi.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.token.TestSigningKeys;
import dev.phishnet.commandapi.token.TokenConfiguration;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import reactor.core.publisher.Mono;

/**
 * The security chain with the shipped limit for sign-in (60 a minute) and a default limit lowered to 5 (it is
 * configurable), behind a trusted proxy (the client address from {@code X-Forwarded-For}), with one allowed browser
 * origin, on a clock the test moves by hand.
 */
@WebFluxTest(useDefaultFilters = false, properties = {
        "platform.registration.open=true",
        "platform.rate-limit.default-per-minute=5",
        "platform.cors.allowed-origins=https://console.example.com",
        "server.forward-headers-strategy=framework"})
@ContextConfiguration(classes = RateLimitAndHeadersTest.Slice.class)
class RateLimitAndHeadersTest {

    private static final String CONSOLE = "https://console.example.com";
    /**
     * CORS compares a request's Origin with where the request was sent: a mock request needs a whole URI (a relative one
     * is refused as malformed, whatever the origin).
     */
    private static final String USERS = "https://api.example.com/api/v1/users";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommandApiProperties.class)
    @Import({SecurityConfiguration.class, TokenConfiguration.class, CallerEcho.class, SignInStandIn.class})
    static class Slice {

        @Bean
        EndedSessions endedSessions() {
            return new EndedSessions();
        }

        @Bean
        ManualTime rateLimitClock() {
            return new ManualTime();
        }

        /** What Boot registers for {@code server.forward-headers-strategy=framework} on a running server. */
        @Bean
        @ConditionalOnProperty(name = "server.forward-headers-strategy", havingValue = "framework")
        ForwardedHeaderTransformer forwardedHeaderTransformer() {
            return new ForwardedHeaderTransformer();
        }
    }

    /** Answers a sign-in as the real one does, tokens in the body, without a user store behind it. */
    @TestComponent
    @RestController
    static class SignInStandIn {

        @PostMapping("/api/v1/auth/login")
        Mono<Map<String, Object>> login() {
            return Mono.just(Map.of("accessToken", "a", "refreshToken", "r", "tokenType", "Bearer"));
        }
    }

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        TestSigningKeys.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ManualTime time;

    @Autowired
    AccessTokens tokens;

    @Test
    void theSixtyFirstSignInOfAnAddressWithinAMinuteIs429WithRetryAfter() {
        String address = address();
        for (int i = 1; i <= 60; i++) {
            signIn(address).expectStatus().isOk()
                    .expectHeader().valueEquals("RateLimit-Policy", "\"auth\";q=60;w=60")
                    .expectHeader().valueEquals("RateLimit", "\"auth\";r=" + (60 - i) + ";t=" + i);
        }

        signIn(address).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader().valueEquals("RateLimit", "\"auth\";r=0;t=60")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(429)
                .jsonPath("$.title").isEqualTo("Too Many Requests")
                .jsonPath("$.detail").isEqualTo("Too many requests: at most 60 a minute to /api/v1/auth/** from one "
                        + "client; retry after 1 s")
                .jsonPath("$.instance").isEqualTo("/api/v1/auth/login");

        // Another address has its own bucket.
        signIn(address()).expectStatus().isOk();

        time.advance(Duration.ofSeconds(1));
        // Retry-After later.
        signIn(address).expectStatus().isOk();
        signIn(address).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void theDefaultLimitIsConfigurableAndCountsPerUserWhereverTheyCallFrom() {
        String ada = token();
        String grace = token();
        for (int i = 0; i < 5; i++) {
            whoAmI(ada, address()).expectStatus().isOk();
        }

        whoAmI(ada, address()).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "12")
                .expectHeader().valueEquals("RateLimit-Policy", "\"default\";q=5;w=60")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // Another user has their own bucket.
        whoAmI(grace, address()).expectStatus().isOk();
        String shared = address();
        whoAmI(grace, shared).expectStatus().isOk();
        // An anonymous call from grace's address counts against the address, not against her.
        register(shared).expectStatus().isCreated();
    }

    @Test
    void callsWithoutATokenCountAgainstTheirAddressEvenWhereATokenIsNeeded() {
        String address = address();
        for (int i = 0; i < 5; i++) {
            web.get().uri("/api/v1/test/whoami").header("X-Forwarded-For", address).exchange()
                    .expectStatus().isUnauthorized();
        }

        register(address).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void healthAndKeyDiscoveryAreNeverLimited() {
        String address = address();
        for (int i = 0; i < 100; i++) {
            // No actuator or key endpoint in this slice: 404 means the request went through.
            web.get().uri("/actuator/health/liveness").header("X-Forwarded-For", address).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().doesNotExist("RateLimit");
            web.get().uri("/.well-known/jwks.json").header("X-Forwarded-For", address).exchange()
                    .expectStatus().isNotFound();
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndTokenAnswersAreNeverCached() {
        signIn(address()).expectStatus().isOk()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"))
                .expectHeader().doesNotExist("Strict-Transport-Security");
        web.get().uri("/api/v1/test/whoami").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().valueEquals("X-Frame-Options", "DENY");
    }

    @Test
    void hstsOnlyOnRequestsThatCameOverTls() {
        web.post().uri("https://api.example.com/api/v1/auth/login").header("X-Forwarded-For", address()).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
        // Behind a TLS-terminating proxy that says so.
        web.post().uri("/api/v1/auth/login").header("X-Forwarded-For", address())
                .header("X-Forwarded-Proto", "https").exchange()
                .expectStatus().isOk()
                .expectHeader().exists("Strict-Transport-Security");
    }

    @Test
    void aPreflightFromTheAllowedOriginPassesAndItsPagesReadTheApisHeaders() {
        web.options().uri(USERS)
                .header(HttpHeaders.ORIGIN, CONSOLE)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization,content-type,idempotency-key")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CONSOLE)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, value -> assertThat(value)
                        .contains("POST"))
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, value -> assertThat(value)
                        .containsIgnoringCase("authorization").containsIgnoringCase("idempotency-key"))
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);

        register(address(), CONSOLE).expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, CONSOLE)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, value -> assertThat(value)
                        .contains("Location", "X-Consistency-Token", "Retry-After", "RateLimit"));
    }

    @Test
    void anotherOriginIsRefused() {
        web.options().uri(USERS)
                .header(HttpHeaders.ORIGIN, "https://evil.example.net")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        register(address(), "https://evil.example.net").expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        // The allowed origin, asking for a method it is not allowed.
        web.options().uri(USERS)
                .header(HttpHeaders.ORIGIN, CONSOLE)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpMethod.TRACE.name())
                .exchange()
                .expectStatus().isForbidden();
    }

    /** Without {@code server.forward-headers-strategy}, {@code X-Forwarded-For} is the client's say-so: ignored. */
    @Nested
    @TestPropertySource(properties = "server.forward-headers-strategy=none")
    class WithoutATrustedProxy {

        @Test
        void aClientCannotEscapeItsLimitByNamingOtherAddresses() {
            for (int i = 0; i < 5; i++) {
                register(address()).expectStatus().isCreated();
            }

            register(address()).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        }
    }

    private WebTestClient.ResponseSpec signIn(String address) {
        return web.post().uri("/api/v1/auth/login").header("X-Forwarded-For", address).exchange();
    }

    private WebTestClient.ResponseSpec whoAmI(String token, String address) {
        return web.get().uri("/api/v1/test/whoami").header("X-Forwarded-For", address)
                .headers(headers -> headers.setBearerAuth(token)).exchange();
    }

    private WebTestClient.ResponseSpec register(String address) {
        return web.post().uri("/api/v1/users").header("X-Forwarded-For", address).exchange();
    }

    private WebTestClient.ResponseSpec register(String address, String origin) {
        return web.post().uri(USERS).header("X-Forwarded-For", address).header(HttpHeaders.ORIGIN, origin).exchange();
    }

    private String token() {
        return tokens.issue(UserId.of(UUID.randomUUID().toString()), TenantId.of("acme"), Set.of(Role.USER),
                UUID.randomUUID().toString()).token();
    }

    /** An address of its own for each use, so that no two tests share a bucket. */
    private static String address() {
        UUID random = UUID.randomUUID();
        return "10." + (random.hashCode() & 0xff) + "." + ((random.hashCode() >> 8) & 0xff) + "."
                + (1 + ((random.hashCode() >>> 16) % 254));
    }
}
