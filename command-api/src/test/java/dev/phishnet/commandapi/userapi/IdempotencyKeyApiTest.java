package dev.phishnet.commandapi.userapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.ApiSlice.RecordingGateway;
import dev.phishnet.commandapi.web.Callers;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
@TestPropertySource(properties = {"platform.registration.open=true", "platform.registration.default-tenant=public"})
class IdempotencyKeyApiTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final String KEY = "7d0c5b7b-9f11-4e5e-9a55-0b7a3a2e57a4";

    @Autowired
    WebTestClient web;

    @Autowired
    RecordingGateway gateway;

    private final Caller admin = Callers.admin("acme");

    @BeforeEach
    void reset() {
        gateway.reset();
    }

    @Test
    void registrationWithAKeyIsPublishedUnderTheCallersScopedKeyWithAFingerprintAndNoClearPassword() {
        String body = registration("ada@example.com");
        register(admin, KEY, body).expectStatus().isCreated();

        var sent = gateway.sent().get(0);
        CommandEnvelope command = sent.command();
        assertThat(sent.routingKey()).isEqualTo("idem:acme:" + admin.userId() + ":" + KEY);
        assertThat(command.getIdempotencyKey()).isEqualTo(KEY);
        assertThat(command.getRequestFingerprint()).isNotBlank().isEqualTo(base64Url(
                hmac("POST\n/api/v1/users\n{\"email\":\"ada@example.com\",\"fullName\":\"Ada\",\"mobile\":null,"
                        + "\"password\":\"" + PASSWORD + "\",\"role\":null}")));
        assertThat(command.toString()).doesNotContain(PASSWORD);
        assertThat(plainSha256Encodings(body)).as("a keyed HMAC, not a plain hash of the body")
                .doesNotContain(command.getRequestFingerprint());
    }

    @Test
    void anonymousRegistrationIsScopedToTheDefaultTenantsAnonymousCallers() {
        register(null, KEY, registration("grace@example.com")).expectStatus().isCreated();

        assertThat(gateway.sent().get(0).routingKey()).isEqualTo("idem:public:anonymous:" + KEY);
    }

    @Test
    void sameBodyWithOtherSpacingAndOrderHasTheSameFingerprintDespiteNewHashesAndIds() {
        register(admin, KEY, registration("ada@example.com")).expectStatus().isCreated();
        register(admin, KEY, "{ \"fullName\" : \"Ada\", \"password\":\"" + PASSWORD
                + "\",\n \"email\":\"ada@example.com\" }").expectStatus().isCreated();
        register(admin, KEY, registration("grace@example.com")).expectStatus().isCreated();

        List<CommandEnvelope> commands = gateway.sent().stream().map(RecordingGateway.Sent::command).toList();
        assertThat(commands.get(0).getAggregateId()).isNotEqualTo(commands.get(1).getAggregateId());
        assertThat(commands.get(1).getRequestFingerprint()).isEqualTo(commands.get(0).getRequestFingerprint());
        assertThat(commands.get(2).getRequestFingerprint()).isNotEqualTo(commands.get(0).getRequestFingerprint());
    }

    @Test
    void repeatedRegistrationAnswersWithTheFirstUsersLocation() {
        String firstUser = UUID.randomUUID().toString();
        gateway.answer(command -> RecordingGateway.accept(command).map(outcome ->
                CommandOutcome.newBuilder(outcome).setAggregateId(firstUser).build()));

        register(admin, KEY, registration("ada@example.com"))
                .expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/api/v1/users/" + firstUser)
                .expectBody().jsonPath("$.id").isEqualTo(firstUser);
    }

    @Test
    void keyReusedForAnotherRequestIs422ProblemNamingTheHeader() {
        gateway.answer(RecordingGateway.reject("UNPROCESSABLE", "this Idempotency-Key was used for a different request",
                "Idempotency-Key"));
        String userId = UUID.randomUUID().toString();

        web.mutateWith(as(admin)).patch().uri("/api/v1/users/{id}/profile", userId)
                .header("Idempotency-Key", KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"bio\":\"other\"}").exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(422)
                .jsonPath("$.code").isEqualTo("UNPROCESSABLE")
                .jsonPath("$.field").isEqualTo("Idempotency-Key");
        assertThat(gateway.sent().get(0).routingKey()).startsWith("idem:acme:");
    }

    @Test
    void everyCommandEndpointTakesTheKey() {
        String userId = UUID.randomUUID().toString();
        web.mutateWith(as(admin)).post().uri("/api/v1/users/{id}/deactivate", userId).header("Idempotency-Key", "a")
                .exchange().expectStatus().isOk();
        web.mutateWith(as(admin)).post().uri("/api/v1/users/{id}/deactivate", userId).header("Idempotency-Key", "a")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isOk();
        web.mutateWith(as(admin)).post().uri("/api/v1/users/{id}/reactivate", userId).header("Idempotency-Key", "b")
                .exchange().expectStatus().isOk();
        web.mutateWith(as(admin)).put().uri("/api/v1/users/{id}/roles", userId).header("Idempotency-Key", "c")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"roles\":[\"user\"]}").exchange()
                .expectStatus().isOk();
        web.mutateWith(as(admin)).post().uri("/api/v1/users/{id}/password", userId).header("Idempotency-Key", "d")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"password\":\"" + PASSWORD + "\"}").exchange()
                .expectStatus().isOk();

        List<CommandEnvelope> commands = gateway.sent().stream().map(RecordingGateway.Sent::command).toList();
        assertThat(commands).extracting(CommandEnvelope::getIdempotencyKey).containsExactly("a", "a", "b", "c", "d");
        assertThat(commands).allSatisfy(command -> assertThat(command.getRequestFingerprint()).isNotBlank());
        assertThat(commands.get(1).getRequestFingerprint()).as("no body and an empty one are one request")
                .isEqualTo(commands.get(0).getRequestFingerprint());
        assertThat(commands.get(4).toString()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutTheHeaderTheCommandGoesToItsAggregateAsBefore() {
        register(admin, null, registration("ada@example.com")).expectStatus().isCreated();

        assertThat(gateway.sent().get(0).routingKey()).isEqualTo("email:ada@example.com");
        assertThat(gateway.sent().get(0).command().getIdempotencyKey()).isNull();
        assertThat(gateway.sent().get(0).command().getRequestFingerprint()).isNull();
    }

    @ParameterizedTest(name = "\"{0}\" -> 400")
    @ValueSource(strings = {"", "has space", "clé", "tab\tinside"})
    void invalidKeyIs400NamingTheHeaderAndPublishesNothing(String key) {
        web.mutateWith(as(admin)).post().uri("/api/v1/users").header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(registration("ada@example.com")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("Idempotency-Key");
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void keysOf255CharactersPassAnd256AreRefused() {
        register(admin, "k".repeat(255), registration("ada@example.com")).expectStatus().isCreated();
        register(admin, "k".repeat(256), registration("ada@example.com")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("Idempotency-Key");
        assertThat(gateway.sent()).hasSize(1);
    }

    @Test
    void keySentTwiceIs400() {
        web.mutateWith(as(admin)).post().uri("/api/v1/users").header("Idempotency-Key", "a", "b")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(registration("ada@example.com")).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("Idempotency-Key");
    }

    private WebTestClient.ResponseSpec register(Caller caller, String key, String body) {
        WebTestClient client = caller != null ? web.mutateWith(as(caller)) : web;
        WebTestClient.RequestBodySpec request = client.post().uri("/api/v1/users");
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static String registration(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"fullName\":\"Ada\"}";
    }

    private static byte[] hmac(String message) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            // The development default of application.yml, which this slice runs with.
            mac.init(new javax.crypto.spec.SecretKeySpec("local-development-only-idempotency-secret-change-me"
                    .getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> plainSha256Encodings(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return List.of(base64Url(digest), Base64.getEncoder().encodeToString(digest),
                    HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
