package dev.phishnet.commandapi.sessionapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.UUID;

import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.ApiSlice.RecordingGateway;
import dev.phishnet.commandapi.web.Callers;
import dev.phishnet.schemas.session.RevokeSession;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Ending sessions across users and tenants. What the HTTP layer decides is checked here (nothing is published for a
 * refusal); that the command processor refuses another tenant's user is {@code EndingSessionsTest}'s.
 */
@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
class SessionCommandsApiTest {

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    RecordingGateway gateway;

    private final String adaId = UUID.randomUUID().toString();
    private final String graceId = UUID.randomUUID().toString();

    @BeforeEach
    void seed() {
        gateway.reset();
        mongo.dropCollection("users").block();
        mongo.dropCollection("sessions").block();
        mongo.insert(new Document("_id", adaId).append("tenantId", "acme").append("version", 1L), "users").block();
        mongo.insert(new Document("_id", graceId).append("tenantId", "acme").append("version", 1L), "users").block();
        mongo.insert(session("s-ada", adaId), "sessions").block();
        mongo.insert(session("s-grace", graceId), "sessions").block();
    }

    @Test
    void aUserEndsTheirOwnSessionAndAnAdminAnyOfTheTenant() {
        web.mutateWith(as(Callers.user(adaId, "acme"))).delete().uri("/api/v1/sessions/{id}", "s-ada").exchange()
                .expectStatus().isOk();
        web.mutateWith(as(Callers.admin("acme"))).delete().uri("/api/v1/sessions/{id}", "s-grace").exchange()
                .expectStatus().isOk();

        assertThat(gateway.sent()).extracting(sent -> sent.command().getPayload())
                .containsExactly(new RevokeSession("s-ada"), new RevokeSession("s-grace"));
        assertThat(gateway.sent()).extracting(sent -> sent.command().getAggregateId()).containsExactly(adaId, graceId);
    }

    @Test
    void anotherUsersSessionIs404EvenInTheSameTenant() {
        web.mutateWith(as(Callers.user(adaId, "acme"))).delete().uri("/api/v1/sessions/{id}", "s-grace").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void anotherTenantsSessionsAndUsersAre404EvenForAnAdmin() {
        web.mutateWith(as(Callers.admin("globex"))).delete().uri("/api/v1/sessions/{id}", "s-ada").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.mutateWith(as(Callers.user("globex"))).post().uri("/api/v1/users/{id}/sessions/revoke-all", adaId)
                .exchange()
                .expectStatus().isNotFound();
        web.mutateWith(as(Callers.user("globex"))).patch().uri("/api/v1/users/{id}/security", adaId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"maxSessions\":1}").exchange()
                .expectStatus().isNotFound();
        assertThat(gateway.sent()).isEmpty();
    }

    @Test
    void aUserCannotEndAnotherUsersSessionsOfTheTenant() {
        web.mutateWith(as(Callers.user(adaId, "acme"))).post().uri("/api/v1/users/{id}/sessions/revoke-all", graceId)
                .exchange()
                .expectStatus().isForbidden();
        web.mutateWith(as(Callers.analyst("acme"))).post().uri("/api/v1/users/{id}/sessions/revoke-all", graceId)
                .exchange()
                .expectStatus().isForbidden();
        assertThat(gateway.sent()).isEmpty();
    }

    private static Document session(String id, String userId) {
        return new Document("_id", id).append("userId", userId).append("tenantId", "acme").append("status", "ACTIVE")
                .append("method", "PASSWORD").append("createdAt", new Date()).append("lastSeenAt", new Date())
                .append("version", 1L);
    }
}
