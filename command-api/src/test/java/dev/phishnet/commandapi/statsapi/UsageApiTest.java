package dev.phishnet.commandapi.statsapi;

import static dev.phishnet.commandapi.statsapi.StatsDocuments.usage;
import static dev.phishnet.commandapi.statsapi.StatsDocuments.usagePart;
import static dev.phishnet.commandapi.web.ApiSlice.as;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.phishnet.commandapi.security.Caller;
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
class UsageApiTest {

    private static final String MARCH = "from=2026-03-01&to=2026-03-31";

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    private final String adaId = UUID.randomUUID().toString();
    private final String graceId = UUID.randomUUID().toString();
    private final Caller ada = Callers.user(adaId, "acme");

    /** Ada's calls on 1 March (counted by partitions 1 and 5) and 2 March; Grace's; Ada's id in globex too. */
    @BeforeEach
    void seed() {
        mongo.dropCollection("users").block();
        mongo.dropCollection("api_usage").block();
        mongo.insert(List.of(user(adaId, "acme"), user(graceId, "acme")), "users").collectList().block();
        mongo.insert(List.of(
                usage("acme", adaId, "2026-03-01", Map.of(
                        "1", usagePart("analysis.request", 2),
                        "5", usagePart("analysis.request", 1, "user.update-profile", 1))),
                usage("acme", adaId, "2026-03-02", Map.of("3", usagePart("threatintel.report", 4))),
                usage("acme", adaId, "2026-04-01", Map.of("3", usagePart("threatintel.report", 9))),
                usage("acme", graceId, "2026-03-01", Map.of("0", usagePart("analysis.request", 7))),
                usage("globex", adaId, "2026-03-01", Map.of("0", usagePart("analysis.request", 50)))),
                "api_usage").collectList().block();
    }

    @Test
    void aUserReadsTheirCallsPerDayAndActionAddedUpOverParts() {
        web.mutateWith(as(ada)).get().uri("/api/v1/users/{id}/usage?" + MARCH, adaId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.userId").isEqualTo(adaId)
                .jsonPath("$.from").isEqualTo("2026-03-01")
                .jsonPath("$.to").isEqualTo("2026-03-31")
                .jsonPath("$.total").isEqualTo(8)
                .jsonPath("$.days[*].day").isEqualTo(List.of("2026-03-01", "2026-03-02"))
                .jsonPath("$.days[0].total").isEqualTo(4)
                .jsonPath("$.days[0].byAction['analysis.request']").isEqualTo(3)
                .jsonPath("$.days[0].byAction['user.update-profile']").isEqualTo(1)
                .jsonPath("$.days[1].byAction['threatintel.report']").isEqualTo(4);
    }

    @Test
    void anAdminReadsAnyUserOfTheTenantAnotherUserIs403AndAnotherTenantsUser404() {
        web.mutateWith(as(Callers.admin("acme"))).get().uri("/api/v1/users/{id}/usage?" + MARCH, graceId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(7);
        web.mutateWith(as(ada)).get().uri("/api/v1/users/{id}/usage?" + MARCH, graceId).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.mutateWith(as(Callers.admin("globex"))).get().uri("/api/v1/users/{id}/usage?" + MARCH, graceId)
                .exchange()
                .expectStatus().isNotFound();
        web.mutateWith(as(Callers.admin("acme"))).get().uri("/api/v1/users/{id}/usage", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void theSameUserIdInAnotherTenantSeesOnlyThatTenantsCalls() {
        web.mutateWith(as(Callers.user(adaId, "globex"))).get().uri("/api/v1/users/{id}/usage?" + MARCH, adaId)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(50)
                .jsonPath("$.days[0].byAction['analysis.request']").isEqualTo(50);
    }

    @Test
    void badDatesAreNamed() {
        web.mutateWith(as(ada)).get().uri("/api/v1/users/{id}/usage?from=2026-03-01T00:00:00Z", adaId).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("from");
        web.mutateWith(as(ada)).get().uri("/api/v1/users/{id}/usage?from=2024-01-01&to=2026-01-01", adaId)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("from");
    }

    private static Document user(String id, String tenant) {
        return new Document("_id", id).append("tenantId", tenant).append("email", id + "@example.com");
    }
}
