package dev.phishnet.commandapi.sessionapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;

import java.util.Date;
import java.util.List;
import java.util.UUID;

import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.Callers;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
class SessionQueriesApiTest {

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    private final String adaId = UUID.randomUUID().toString();
    private final String graceId = UUID.randomUUID().toString();

    @BeforeEach
    void seed() {
        mongo.dropCollection("users").block();
        mongo.dropCollection("sessions").block();
        mongo.insert(new Document("_id", adaId).append("tenantId", "acme").append("email", "ada@example.com"), "users")
                .block();
        mongo.insert(new Document("_id", graceId).append("tenantId", "acme").append("email", "grace@example.com"),
                "users").block();
        mongo.insert(session("s-old-ended", adaId, "ENDED", 1_000), "sessions").block();
        mongo.insert(session("s-old-active", adaId, "ACTIVE", 2_000), "sessions").block();
        mongo.insert(session("s-new-active", adaId, "ACTIVE", 3_000), "sessions").block();
        mongo.insert(session("s-new-ended", adaId, "ENDED", 4_000), "sessions").block();
        mongo.insert(session("s-grace", graceId, "ACTIVE", 5_000), "sessions").block();
    }

    @Test
    void aUserListsTheirSessionsActiveFirstEachNewestFirstWithoutAnyHash() {
        web.mutateWith(as(Callers.user(adaId, "acme"))).get().uri("/api/v1/users/{id}/sessions", adaId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[*].id").isEqualTo(List.of("s-new-active", "s-old-active", "s-new-ended",
                        "s-old-ended"))
                .jsonPath("$.items[0].os").isEqualTo("Windows NT")
                .jsonPath("$.items[0].riskReasons[0]").isEqualTo("NEW_DEVICE")
                .jsonPath("$.items[0].refreshTokenHash").doesNotExist();
    }

    @Test
    void someoneElsesSessionIs404AndTheirListIs403() {
        web.mutateWith(as(Callers.user(adaId, "acme"))).get().uri("/api/v1/sessions/{id}", "s-grace").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.mutateWith(as(Callers.user(adaId, "acme"))).get().uri("/api/v1/users/{id}/sessions", graceId)
                .exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void anAdminReadsTheTenantsSessionsButAnotherTenantsAre404() {
        web.mutateWith(as(Callers.admin("acme"))).get().uri("/api/v1/sessions/{id}", "s-grace").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(graceId);
        web.mutateWith(as(Callers.admin("globex"))).get().uri("/api/v1/sessions/{id}", "s-grace").exchange()
                .expectStatus().isNotFound();
        web.mutateWith(as(Callers.admin("globex"))).get().uri("/api/v1/users/{id}/sessions", adaId).exchange()
                .expectStatus().isNotFound();
    }

    private static Document session(String id, String userId, String status, long createdAtMillis) {
        return new Document("_id", id).append("userId", userId).append("tenantId", "acme").append("status", status)
                .append("method", "PASSWORD").append("ip", "203.0.113.7").append("os", "Windows NT")
                .append("browser", "Chrome").append("deviceType", "Desktop").append("riskScore", 30)
                .append("riskReasons", List.of("NEW_DEVICE")).append("createdAt", new Date(createdAtMillis))
                .append("lastSeenAt", new Date(createdAtMillis)).append("version", 1L)
                .append("refreshTokenHash", "hmac-sha256:must-never-be-served");
    }
}
