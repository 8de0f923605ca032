package dev.phishnet.commandapi.authapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.token.TestSigningKeys;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Signing in as a user would try it, on a real broker with the command processor and the followers running: login,
 * refresh, reuse of a spent refresh token, logout and the access token refused at once, concurrent logins against the
 * session limit, lockout, one-time codes, and deactivation ending every session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.schema-registry.url=mock://sign-in-end-to-end",
        "platform.processor.application-id=sign-in-end-to-end",
        "platform.registration.open=true",
        // A loaded build machine can take longer than the 5 s default to decide a command; this test is about
        // what is decided, not how fast.
        "platform.commands.reply-timeout=20s",
        "platform.sessions.one-time-codes.sender=none",
        // Each test signs in from an address of its own (X-Forwarded-For), so that one test's lockout of an address
        // does not lock the others out: a deployment behind a proxy sets this too.
        "server.forward-headers-strategy=framework"})
@AutoConfigureWebTestClient(timeout = "30s")
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class SignInEndToEndTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final java.util.Random RANDOM = new java.util.Random();
    private static final MongoServer mongo = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = mongo.bindAndGetConnectionString() + "/phishnet";
    /** Revocation must bite within 500 ms p99 (the bench measures it); a test only needs a bound that cannot flake. */
    private static final Duration REVOKED_WITHIN = Duration.ofSeconds(5);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
        registry.add("platform.processor.state-dir",
                () -> Path.of("target", "processor-state", UUID.randomUUID().toString()).toString());
        TestSigningKeys.register(registry);
    }

    @AfterAll
    static void stopMongo() {
        mongo.shutdownNow();
    }

    @TestConfiguration
    static class RecordedCodes {
        static final List<String[]> SENT = new CopyOnWriteArrayList<>();

        @Bean
        @Primary
        AuthApiConfiguration.CodeDelivery recordingDelivery() {
            return new AuthApiConfiguration.CodeDelivery((email, code) -> SENT.add(new String[] {email, code}));
        }
    }

    @Autowired
    WebTestClient server;

    /** The client of one test, from its own address. */
    WebTestClient web;

    @Autowired
    AccessTokens tokens;

    @Autowired
    dev.phishnet.commandapi.gateway.CommandGateway commands;

    @Autowired
    dev.phishnet.commandapi.follow.Credentials credentials;

    @BeforeEach
    void ready() {
        String address = "10." + RANDOM.nextInt(256) + "." + RANDOM.nextInt(256) + "." + (1 + RANDOM.nextInt(254));
        web = server.mutate().defaultHeader("X-Forwarded-For", address).build();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk());
    }

    @Test
    void loginRefreshAndReuseOfASpentRefreshTokenEndsTheSession() {
        String email = register();
        Map<String, Object> first = login(email, PASSWORD).expectStatus().isOk()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(first).containsKeys("accessToken", "refreshToken", "sessionId").containsEntry("tokenType", "Bearer")
                .containsEntry("expiresIn", 600);
        String access = (String) first.get("accessToken");
        assertThat(canUse(access)).isTrue();

        Map<String, Object> second = refresh((String) first.get("refreshToken")).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(second.get("sessionId")).isEqualTo(first.get("sessionId"));
        assertThat(second.get("refreshToken")).isNotEqualTo(first.get("refreshToken"));

        refresh((String) first.get("refreshToken")).expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // Reuse ended the session: the newest refresh token and every access token of it die with it.
        refresh((String) second.get("refreshToken")).expectStatus().isUnauthorized();
        await().atMost(REVOKED_WITHIN).until(() -> !canUse((String) second.get("accessToken")));
        assertThat(canUse(access)).isFalse();
    }

    @Test
    void wrongPasswordAndUnknownAddressAreTheSame401() {
        String email = register();

        String wrong = login(email, "not the password at all").expectStatus().isUnauthorized()
                .expectBody(String.class).returnResult().getResponseBody();
        String unknown = login("nobody-" + UUID.randomUUID() + "@example.com", PASSWORD)
                .expectStatus().isUnauthorized().expectBody(String.class).returnResult().getResponseBody();

        assertThat(detail(wrong)).isEqualTo(detail(unknown)).isEqualTo(SignIns.BAD_CREDENTIALS);
        // Any spelling of the address that registration would have normalized to it signs in.
        login("  " + email.toUpperCase(java.util.Locale.ROOT) + " ", PASSWORD).expectStatus().isOk();
    }

    @Test
    void logoutRefusesTheAccessTokenAtOnce() {
        String access = accessToken(register());

        web.post().uri("/api/v1/auth/logout").header(HttpHeaders.AUTHORIZATION, "Bearer " + access).exchange()
                .expectStatus().isOk();

        await().atMost(REVOKED_WITHIN).until(() -> !canUse(access));
    }

    @Test
    void twentyConcurrentLoginsAgainstALimitOfFiveLeaveExactlyFiveSessions() {
        String email = register();

        List<String> tokens = Flux.range(0, 20)
                .flatMap(i -> web.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("email", email, "password", PASSWORD)).exchange()
                        .returnResult(Map.class).getResponseBody().map(body -> (String) body.get("accessToken")), 20)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(tokens).hasSize(20).doesNotContainNull();
        await().atMost(REVOKED_WITHIN).untilAsserted(() ->
                assertThat(tokens.stream().filter(this::canUse)).hasSize(5));
    }

    @Test
    void fiveWrongPasswordsLockTheAccountWithRetryAfter() {
        String email = register();
        for (int i = 0; i < 4; i++) {
            login(email, "wrong password " + i).expectStatus().isUnauthorized();
        }
        login(email, "wrong password 4").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, seconds -> assertThat(Long.parseLong(seconds))
                        .isBetween(1L, 60L));

        // Locked: even the right password is refused until the lock is over.
        await().atMost(REVOKED_WITHIN).untilAsserted(() -> login(email, PASSWORD)
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void aOneTimeCodeSignsInOnceAndUnknownAddressesGetTheSameAnswer() {
        String email = register();

        web.post().uri("/api/v1/auth/otp").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com")).exchange()
                .expectStatus().isAccepted();
        web.post().uri("/api/v1/auth/otp").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email)).exchange()
                .expectStatus().isAccepted();

        await().atMost(Duration.ofSeconds(10)).until(() -> codeFor(email) != null);
        String code = codeFor(email);
        String wrong = code.equals("000000") ? "000001" : "000000";
        verifyCode(email, wrong).expectStatus().isUnauthorized();
        verifyCode(email, code).expectStatus().isOk().expectBody().jsonPath("$.accessToken").exists();
        verifyCode(email, code).expectStatus().isUnauthorized();
    }

    @Test
    void deactivatingTheUserEndsEverySession() {
        String email = register();
        String first = accessToken(email);
        String second = accessToken(email);
        String admin = adminToken();

        web.post().uri("/api/v1/users/" + subject(first) + "/deactivate")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + admin).exchange()
                .expectStatus().isOk();

        await().atMost(REVOKED_WITHIN).until(() -> !canUse(first) && !canUse(second));
        login(email, PASSWORD).expectStatus().isUnauthorized();
    }

    @Test
    void anImportedUserSignsInWithTheLegacyBcryptHashWhichIsThenUpgradedToArgon2() {
        String email = "legacy-" + UUID.randomUUID() + "@example.com";
        String userId = UUID.randomUUID().toString();
        String bcrypt = new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(PASSWORD)
                .replace("$2a$", "$2b$");
        var imported = commands.send("email:" + email, new dev.phishnet.schemas.command.CommandEnvelope(
                UUID.randomUUID().toString(), UUID.randomUUID().toString(), "default", userId,
                java.time.Instant.now(), new dev.phishnet.schemas.envelope.Actor("legacy-importer",
                        dev.phishnet.schemas.envelope.ActorKind.SERVICE, null, null), null, null,
                new dev.phishnet.schemas.user.ImportUser("64f1", email, bcrypt, "Legacy User", true, true,
                        java.time.Instant.parse("2023-03-01T10:00:00Z"), null, null))).block();
        assertThat(imported.getAccepted()).isTrue();

        assertThat(subject(accessToken(email))).isEqualTo(userId);
        await().atMost(Duration.ofSeconds(10)).until(() -> credentials.byEmail(email)
                .map(credential -> credential.passwordHash().startsWith("$argon2")).orElse(false));
        assertThat(credentials.byEmail(email).orElseThrow().credentialVersion()).isEqualTo(1);

        assertThat(subject(accessToken(email))).isEqualTo(userId);
        login(email, "wrong " + PASSWORD).expectStatus().isUnauthorized();
    }

    private String register() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        web.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD, "fullName", "Test User")).exchange()
                .expectStatus().isCreated();
        return email;
    }

    private WebTestClient.ResponseSpec login(String email, String password) {
        return web.post().uri("/api/v1/auth/login").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password)).exchange();
    }

    private String accessToken(String email) {
        return (String) login(email, PASSWORD).expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody().get("accessToken");
    }

    private WebTestClient.ResponseSpec refresh(String refreshToken) {
        return web.post().uri("/api/v1/auth/refresh").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("refreshToken", refreshToken)).exchange();
    }

    private WebTestClient.ResponseSpec verifyCode(String email, String code) {
        return web.post().uri("/api/v1/auth/otp/verify").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "code", code)).exchange();
    }

    private static String codeFor(String email) {
        List<String[]> sent = new ArrayList<>(RecordedCodes.SENT);
        return sent.stream().filter(entry -> entry[0].equals(email)).map(entry -> entry[1]).reduce((a, b) -> b)
                .orElse(null);
    }

    /** Whether the API takes the token: a harmless authenticated call that needs no read model. */
    private boolean canUse(String accessToken) {
        HttpStatus status = (HttpStatus) web.get().uri("/api/v1/audit?action=none")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken).exchange()
                .returnResult(String.class).getStatus();
        return status != HttpStatus.UNAUTHORIZED;
    }

    /** An admin of the tenant self-registered users join, with a session of its own that nobody ends. */
    private String adminToken() {
        return tokens.issue(UserId.of(UUID.randomUUID().toString()), TenantId.of("default"), Set.of(Role.ADMIN),
                UUID.randomUUID().toString()).token();
    }

    /** The token's subject, read from its payload (the API verified it already). */
    private static String subject(String jwt) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        int start = payload.indexOf("\"sub\":\"") + 7;
        return payload.substring(start, payload.indexOf('"', start));
    }

    private static String detail(String problem) {
        int start = problem.indexOf("\"detail\":\"") + 10;
        return problem.substring(start, problem.indexOf('"', start));
    }
}
