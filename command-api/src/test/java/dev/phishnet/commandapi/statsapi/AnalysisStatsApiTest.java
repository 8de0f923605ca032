package dev.phishnet.commandapi.statsapi;

import static dev.phishnet.commandapi.statsapi.StatsDocuments.stats;
import static dev.phishnet.commandapi.statsapi.StatsDocuments.statsPart;
import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
class AnalysisStatsApiTest {

    private static final String MARCH = "from=2026-03-01&to=2026-03-31";

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    private final String adaId = UUID.randomUUID().toString();
    private final String graceId = UUID.randomUUID().toString();
    private final Caller ada = Callers.user(adaId, "acme");
    private final Caller analyst = new Caller(UUID.randomUUID().toString(), "acme", Set.of("analyst"));

    /**
     * Ada: 3 analyses on 1 March (counted by partitions 0 and 4), 1 on 3 March, 1 on 27 February; Grace: 5 on
     * 1 March; the tenant's totals; and in globex a user with Ada's very id and a tenant total of its own.
     */
    @BeforeEach
    void seed() {
        mongo.dropCollection("users").block();
        mongo.dropCollection("analysis_stats").block();
        mongo.insert(List.of(user(adaId, "acme"), user(graceId, "acme")), "users").collectList().block();
        mongo.insert(List.of(
                stats("acme", adaId, "2026-03-01", Map.of(
                        "0", statsPart(1, 1, 0, 0, 0, 0, 1, 0),
                        "4", statsPart(0, 1, 0, 1, 0, 0, 0, 0))),
                stats("acme", adaId, "2026-03-03", Map.of("2", statsPart(0, 0, 1, 0, 0, 0, 0, 0))),
                stats("acme", adaId, "2026-02-27", Map.of("2", statsPart(0, 1, 0, 0, 0, 0, 0, 1))),
                stats("acme", graceId, "2026-03-01", Map.of("1", statsPart(5, 0, 0, 0, 0, 0, 0, 0))),
                stats("acme", null, "2026-03-01", Map.of(
                        "0", statsPart(1, 1, 0, 0, 0, 0, 1, 0),
                        "1", statsPart(5, 0, 0, 0, 0, 0, 0, 0),
                        "4", statsPart(0, 1, 0, 1, 0, 0, 0, 0))),
                stats("acme", null, "2026-03-03", Map.of("2", statsPart(0, 0, 1, 0, 0, 0, 0, 0))),
                stats("globex", adaId, "2026-03-01", Map.of("0", statsPart(100, 0, 0, 0, 0, 0, 0, 0))),
                stats("globex", null, "2026-03-01", Map.of("0", statsPart(100, 0, 0, 0, 0, 0, 0, 0)))),
                "analysis_stats").collectList().block();
    }

    @Test
    void aUserReadsTheirOwnCountsAddedUpOverPartsAndDaysOfTheRange() {
        web.mutateWith(as(ada)).get().uri("/api/v1/analyses/stats?" + MARCH).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.scope").isEqualTo("user")
                .jsonPath("$.userId").isEqualTo(adaId)
                .jsonPath("$.from").isEqualTo("2026-03-01")
                .jsonPath("$.to").isEqualTo("2026-03-31")
                .jsonPath("$.total").isEqualTo(4)
                .jsonPath("$.byStatus.pending").isEqualTo(1)
                .jsonPath("$.byStatus.completed").isEqualTo(2)
                .jsonPath("$.byStatus.failed").isEqualTo(1)
                .jsonPath("$.byThreatLevel.safe").isEqualTo(1)
                .jsonPath("$.byThreatLevel.high").isEqualTo(1)
                .jsonPath("$.byThreatLevel.critical").isEqualTo(0)
                .jsonPath("$.byDay[*].day").isEqualTo(List.of("2026-03-01", "2026-03-03"))
                .jsonPath("$.byDay[0].total").isEqualTo(3)
                .jsonPath("$.byDay[0].byStatus.completed").isEqualTo(2)
                .jsonPath("$.byDay[1].byStatus.failed").isEqualTo(1);
    }

    @Test
    void bothEndsOfTheRangeAreIncludedAndDaysWithoutAnalysesLeftOut() {
        web.mutateWith(as(ada)).get().uri("/api/v1/analyses/stats?from=2026-02-27&to=2026-03-02").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").isEqualTo(4)
                .jsonPath("$.byThreatLevel.critical").isEqualTo(1)
                .jsonPath("$.byDay[*].day").isEqualTo(List.of("2026-02-27", "2026-03-01"));
    }

    @Test
    void anotherUsersCountsAre404ForAPlainUserAndReadableForAnAnalystOrAdminOfTheTenant() {
        web.mutateWith(as(ada)).get().uri("/api/v1/analyses/stats?userId={id}&" + MARCH, graceId).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.mutateWith(as(analyst)).get().uri("/api/v1/analyses/stats?userId={id}&" + MARCH, graceId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(graceId).jsonPath("$.total").isEqualTo(5);
        web.mutateWith(as(Callers.admin("acme"))).get().uri("/api/v1/analyses/stats?userId={id}&" + MARCH, adaId)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(4);
    }

    @Test
    void anotherTenantsUserOrNobodyIs404EvenForAnAdmin() {
        web.mutateWith(as(Callers.admin("globex"))).get().uri("/api/v1/analyses/stats?userId={id}&" + MARCH, graceId)
                .exchange().expectStatus().isNotFound();
        web.mutateWith(as(analyst)).get().uri("/api/v1/analyses/stats?userId={id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
        web.mutateWith(as(analyst)).get().uri("/api/v1/analyses/stats?userId=not-a-user-id").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void theSameUserIdInAnotherTenantCountsOnlyThatTenantsAnalyses() {
        web.mutateWith(as(Callers.user(adaId, "globex"))).get().uri("/api/v1/analyses/stats?" + MARCH).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(100).jsonPath("$.byStatus.pending").isEqualTo(100);
    }

    @Test
    void theTenantsCountsAreForAdminsAndAnalystsOfThatTenantOnly() {
        web.mutateWith(as(analyst)).get().uri("/api/v1/analyses/stats?scope=tenant&" + MARCH).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.scope").isEqualTo("tenant")
                .jsonPath("$.userId").doesNotExist()
                .jsonPath("$.total").isEqualTo(9)
                .jsonPath("$.byStatus.pending").isEqualTo(6)
                .jsonPath("$.byDay[*].day").isEqualTo(List.of("2026-03-01", "2026-03-03"));
        web.mutateWith(as(Callers.admin("globex"))).get().uri("/api/v1/analyses/stats?scope=TENANT&" + MARCH)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(100);
        web.mutateWith(as(ada)).get().uri("/api/v1/analyses/stats?scope=tenant&" + MARCH).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void badParametersAreNamed() {
        assertBadParameter("from=yesterday", "from");
        assertBadParameter("from=2026-03-01&to=2026-02-28", "from");
        assertBadParameter("from=2025-03-01&to=2026-03-02", "from");
        assertBadParameter("to=2026-02-30", "to");
        assertBadParameter("scope=galaxy", "scope");
        assertBadParameter("scope=tenant&userId=" + adaId, "userId");
    }

    @Test
    void theStatsPathReachesTheStatsEvenBesideTheAnalysisByIdRouteAndDefaultsToThe30DaysUpToToday() {
        byte[] body = web.mutateWith(as(ada)).get().uri("/api/v1/analyses/stats").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.scope").isEqualTo("user")
                .jsonPath("$.byDay").isArray()
                .returnResult().getResponseBody();
        Document answer = Document.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        LocalDate from = LocalDate.parse(answer.getString("from"));
        LocalDate to = LocalDate.parse(answer.getString("to"));
        assertThat(ChronoUnit.DAYS.between(from, to)).isEqualTo(29);
    }

    private void assertBadParameter(String query, String field) {
        web.mutateWith(as(analyst)).get().uri("/api/v1/analyses/stats?" + query).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo(field);
    }

    private static Document user(String id, String tenant) {
        return new Document("_id", id).append("tenantId", tenant).append("email", id + "@example.com");
    }
}
