package dev.phishnet.commandapi.userapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import dev.phishnet.commandapi.gateway.CommandOutcomeUnknownException;
import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.ApiSlice.RecordingGateway;
import dev.phishnet.commandapi.web.Callers;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.user.AssignRoles;
import dev.phishnet.schemas.user.ChangePassword;
import dev.phishnet.schemas.user.RegisterUser;
import dev.phishnet.schemas.user.Role;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
@TestPropertySource(properties = {"platform.registration.open=true", "platform.registration.default-tenant=public"})
class UserCommandsApiTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired
    WebTestClient web;

    @Autowired
    RecordingGateway gateway;

    @Autowired
    ReactiveMongoTemplate mongo;

    private final Caller admin = Callers.admin("acme");

    @BeforeEach
    void reset() {
        gateway.reset();
        mongo.dropCollection("users").block();
    }

    @Test
    void adminRegistersUserInOwnTenant201WithLocationAndConsistencyToken() {
        web.mutateWith(as(admin)).post().uri("/api/v1/users")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(registration("Ada@Example.COM ", PASSWORD, "Ada Lovelace").replace("}", ",\"role\":\"analyst\"}"))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().value(HttpHeaders.LOCATION, location -> assertThat(location)
                        .isEqualTo("/api/v1/users/" + gateway.sent().get(0).command().getAggregateId()))
                .expectHeader().value("X-Consistency-Token", token -> assertThat(decode(token))
                        .isEqualTo("users:" + gateway.sent().get(0).command().getAggregateId() + ":1"))
                .expectBody()
                .jsonPath("$.id").isEqualTo(gateway.sent().get(0).command().getAggregateId())
                .jsonPath("$.version").isEqualTo(1);

        var sent = gateway.sent();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).routingKey()).isEqualTo("email:ada@example.com");
        var command = sent.get(0).command();
        assertThat(command.getTenantId()).isEqualTo("acme");
        assertThat(command.getActor().getId()).isEqualTo(admin.userId());
        assertThat(command.getActor().getKind()).isEqualTo(ActorKind.USER);
        RegisterUser payload = (RegisterUser) command.getPayload();
        assertThat(payload.getEmail()).isEqualTo("ada@example.com");
        assertThat(payload.getRoles()).containsExactly(Role.ANALYST);
    }

    @Test
    void publishedRegistrationCarriesAnArgon2HashNeverThePassword() {
        web.mutateWith(as(admin)).post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(registration("ada@example.com", PASSWORD, "Ada")).exchange()
                .expectStatus().isCreated();

        var command = gateway.sent().get(0).command();
        RegisterUser payload = (RegisterUser) command.getPayload();
        assertThat(payload.getPasswordHash()).startsWith("$argon2id$").doesNotContain(PASSWORD);
        assertThat(command.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void changedPasswordIsPublishedHashed() {
        web.mutateWith(as(Callers.user("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b", "acme"))).post()
                .uri("/api/v1/users/1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b/password")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"password\":\"" + PASSWORD + "\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().exists("X-Consistency-Token");

        var sent = gateway.sent().get(0);
        assertThat(sent.routingKey()).isEqualTo("user:1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b");
        assertThat(((ChangePassword) sent.command().getPayload()).getPasswordHash()).startsWith("$argon2id$");
        assertThat(sent.command().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void openRegistrationWithoutTokenCreatesPlainUserInDefaultTenant() {
        web.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(registration("grace@example.com", PASSWORD, "Grace Hopper")).exchange()
                .expectStatus().isCreated();

        var command = gateway.sent().get(0).command();
        assertThat(command.getTenantId()).isEqualTo("public");
        assertThat(command.getActor().getKind()).isEqualTo(ActorKind.ANONYMOUS);
        assertThat(((RegisterUser) command.getPayload()).getRoles()).containsExactly(Role.USER);
    }

    @Test
    void selfRegistrationCannotAskForAdmin() {
        web.post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(registration("grace@example.com", PASSWORD, "Grace").replace("}", ",\"role\":\"admin\"}"))
                .exchange()
                .expectStatus().isForbidden();
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void nonAdminCannotCreateUsers() {
        web.mutateWith(as(Callers.user("acme"))).post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(registration("grace@example.com", PASSWORD, "Grace")).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void anAnalystCannotManageUsers() {
        Caller analyst = Callers.analyst("acme");
        String other = UUID.randomUUID().toString();
        mongo.insert(new Document("_id", other).append("tenantId", "acme").append("version", 1L)
                .append("createdAt", new Date()), "users").block();

        web.mutateWith(as(analyst)).post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(registration("grace@example.com", PASSWORD, "Grace")).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.mutateWith(as(analyst)).post().uri("/api/v1/users/{id}/deactivate", other).exchange()
                .expectStatus().isForbidden();
        web.mutateWith(as(analyst)).post().uri("/api/v1/users/{id}/reactivate", other).exchange()
                .expectStatus().isForbidden();
        web.mutateWith(as(analyst)).put().uri("/api/v1/users/{id}/roles", other)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"roles\":[\"admin\"]}").exchange()
                .expectStatus().isForbidden();
        web.mutateWith(as(analyst)).put().uri("/api/v1/users/{id}/roles", analyst.userId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"roles\":[\"admin\"]}").exchange()
                .expectStatus().isForbidden();
        web.mutateWith(as(analyst)).patch().uri("/api/v1/users/{id}/profile", other)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"bio\":\"hi\"}").exchange()
                .expectStatus().isForbidden();
        assertThat(gateway.sent()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"email\":\"not-an-email\",\"password\":\"correct horse battery\",\"fullName\":\"A\"}|email",
            "{\"email\":\"a@b\",\"password\":\"correct horse battery\",\"fullName\":\"A\"}|email",
            "{\"password\":\"correct horse battery\",\"fullName\":\"A\"}|email",
            "{\"email\":\"a@example.com\",\"password\":\"too short\",\"fullName\":\"A\"}|password",
            "{\"email\":\"a@example.com\",\"fullName\":\"A\"}|password",
            "{\"email\":\"a@example.com\",\"password\":\"correct horse battery\"}|fullName",
            "{\"email\":\"a@example.com\",\"password\":\"correct horse battery\",\"fullName\":\"  \"}|fullName",
            "{\"email\":\"a@example.com\",\"password\":\"correct horse battery\",\"fullName\":\"A\",\"role\":\"root\"}|role",
            "{\"email\":\"a@example.com\",\"password\":\"correct horse battery\",\"fullName\":\"A\",\"isAdmin\":true}|isAdmin",
            "{\"email\":\"a@example.com\",\"password\":\"correct horse battery\",\"fullName\":{\"first\":\"A\"}}|fullName",
            "{\"email\":\"a@example.com\",|body",
            "[1,2]|body"})
    void invalidRegistrationIs400NamingTheFieldAndPublishesNothing(String body, String field) {
        web.mutateWith(as(admin)).post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.field").isEqualTo(field)
                .jsonPath("$.errors[0].field").isEqualTo(field);
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void everyInvalidFieldIsListed() {
        web.mutateWith(as(admin)).post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"nope\",\"password\":\"short\"}").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString())
                        .contains("email", "password", "fullName"));
    }

    @Test
    void bodyOneByteOverTheLimitIs400() {
        String padding = "x".repeat(64 * 1024);
        String body = "{\"email\":\"a@example.com\",\"password\":\"correct horse battery\",\"fullName\":\"" + padding
                + "\"}";
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(64 * 1024);
        web.mutateWith(as(admin)).post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.substring(0, 64 * 1024 + 1 - 2) + "\"}").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("body");
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void overlongUtf8InTheBodyIs400AndNothingIsSent() {
        // C0 AF is an overlong '/': Jackson alone decoded it to a slash and the registration went through.
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("{\"email\":\"a@example.com\",\"password\":\"" + PASSWORD + "\",\"fullName\":\"..")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});
        body.writeBytes("etc\"}".getBytes(StandardCharsets.UTF_8));
        web.mutateWith(as(admin)).post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.toByteArray()).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("body")
                .jsonPath("$.detail").isEqualTo("the request body is not valid UTF-8");
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void anAcceptThatIsNotAMediaTypeListIs400NamingIt() {
        // Left to content negotiation it failed the error's problem too: a bodiless 400 or 406.
        for (String accept : new String[] {"/", "*/*;q=abc"}) {
            web.mutateWith(as(admin)).put().uri("/api/v1/users/{id}/roles", UUID.randomUUID()).header("Accept", accept)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("[").exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.field").isEqualTo("Accept");
        }
    }

    @Test
    void wrongTypeInRolesNamesTheField() {
        web.mutateWith(as(admin)).put().uri("/api/v1/users/{id}/roles", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"roles\":{\"admin\":true}}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("roles");
    }

    @Test
    void unknownRoleNamesItsIndex() {
        web.mutateWith(as(admin)).put().uri("/api/v1/users/{id}/roles", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"roles\":[\"user\",\"god\"]}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("roles[1]");
    }

    @Test
    void adminAssignsRoles200() {
        String id = UUID.randomUUID().toString();
        web.mutateWith(as(admin)).put().uri("/api/v1/users/{id}/roles", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"roles\":[\"admin\",\"USER\"]}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(id);
        assertThat(((AssignRoles) gateway.sent().get(0).command().getPayload()).getRoles())
                .containsExactly(Role.ADMIN, Role.USER);
    }

    @Test
    void emailTakenIs409ProblemNamingEmail() {
        gateway.answer(RecordingGateway.reject("CONFLICT", "email already registered", "email"));
        web.mutateWith(as(admin)).post().uri("/api/v1/users").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(registration("ada@example.com", PASSWORD, "Ada")).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.field").isEqualTo("email")
                .jsonPath("$.code").isEqualTo("CONFLICT")
                .jsonPath("$.detail").isEqualTo("email already registered");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"NOT_FOUND, 404", "CONFLICT, 409", "INVALID, 400", "FORBIDDEN, 403"})
    void rejectionCodesMapToStatuses(String code, int status) {
        gateway.answer(RecordingGateway.reject(code, "refused", "profile"));
        web.mutateWith(as(admin)).patch().uri("/api/v1/users/{id}/profile", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"bio\":\"hi\"}").exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("profile");
    }

    @Test
    void unknownOutcomeIs503WithRetryAfter() {
        gateway.answer(command -> Mono.error(new CommandOutcomeUnknownException("no outcome within 5s", null)));
        web.mutateWith(as(admin)).post().uri("/api/v1/users/{id}/deactivate", UUID.randomUUID()).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void userEditsOwnProfile() {
        Caller self = Callers.user("acme");
        web.mutateWith(as(self)).patch().uri("/api/v1/users/{id}/profile", self.userId())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"timezone\":\"Europe/Paris\"}").exchange()
                .expectStatus().isOk();
        assertThat(gateway.sent()).hasSize(1);
    }

    @Test
    void userCannotDeactivateAnotherUserOfTheirTenant403() {
        String other = UUID.randomUUID().toString();
        mongo.insert(new Document("_id", other).append("tenantId", "acme").append("version", 1L)
                .append("createdAt", new Date()), "users").block();
        web.mutateWith(as(Callers.user("acme"))).post().uri("/api/v1/users/{id}/deactivate", other).exchange()
                .expectStatus().isForbidden();
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void userTouchingAnotherTenantsUserGets404() {
        String other = UUID.randomUUID().toString();
        mongo.insert(new Document("_id", other).append("tenantId", "globex").append("version", 1L), "users").block();
        web.mutateWith(as(Callers.user("acme"))).patch().uri("/api/v1/users/{id}/profile", other)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"bio\":\"hi\"}").exchange()
                .expectStatus().isNotFound();
        assertThat(gateway.sent()).isEmpty();
    }

    private static String registration(String email, String password, String fullName) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"fullName\":\"" + fullName + "\"}";
    }

    private static String decode(String token) {
        return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    }
}
