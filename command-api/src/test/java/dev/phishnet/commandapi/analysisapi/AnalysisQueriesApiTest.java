package dev.phishnet.commandapi.analysisapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.Callers;
import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.CursorPage;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
@TestPropertySource(properties = "platform.queries.consistency-wait=1s")
class AnalysisQueriesApiTest {

    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
    private static final ParameterizedTypeReference<CursorPage<AnalysisView>> PAGE =
            new ParameterizedTypeReference<>() {
            };

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    private final String ada = UUID.randomUUID().toString();
    private final String grace = UUID.randomUUID().toString();
    private final Caller adaCaller = Callers.user(ada, "acme");
    private final Caller analyst = new Caller(UUID.randomUUID().toString(), "acme", Set.of("analyst"));

    /**
     * Ada has 6 analyses, two of them received in the same millisecond; Grace has one; another tenant has one with
     * Ada's user id, received in the middle of hers.
     */
    @BeforeEach
    void seed() {
        mongo.dropCollection("email_analyses").block();
        mongo.insert(List.of(
                analysis("a1", "acme", ada, T0.plusSeconds(10), "completed", "safe", 1),
                analysis("a2", "acme", ada, T0.plusSeconds(20), "completed", "high", 3),
                analysis("a3", "acme", ada, T0.plusSeconds(30), "pending", null, 2),
                analysis("a4", "acme", ada, T0.plusSeconds(30), "failed", null, 2),
                analysis("a5", "acme", ada, T0.plusSeconds(40), "completed", "high", 3),
                analysis("a6", "acme", ada, T0.plusSeconds(50), "pending", null, 1),
                analysis("g1", "acme", grace, T0.plusSeconds(35), "completed", "critical", 3),
                analysis("x1", "globex", ada, T0.plusSeconds(25), "completed", "high", 3)),
                "email_analyses").collectList().block();
    }

    @Test
    void aUserPagesThroughTheirOwnAnalysesNewestReceivedFirstWithoutOverlapOrGap() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            CursorPage<AnalysisView> page = page(adaCaller, "limit=2", cursor);
            page.items().forEach(analysis -> seen.add(analysis.id()));
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly("a6", "a5", "a4", "a3", "a2", "a1");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void anAnalysisReadsWithItsMatchesAndResultInLowerCase() {
        web.mutateWith(as(adaCaller)).get().uri("/api/v1/analyses/{id}", "a2").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo("a2")
                .jsonPath("$.userId").isEqualTo(ada)
                .jsonPath("$.status").isEqualTo("completed")
                .jsonPath("$.threatLevel").isEqualTo("high")
                .jsonPath("$.receivedAt").isEqualTo("2026-01-10T08:00:20Z")
                .jsonPath("$.matches[0].field").isEqualTo("sender_domain")
                .jsonPath("$.matches[0].indicator").isEqualTo("evil.example")
                .jsonPath("$.preliminaryThreatLevel").isEqualTo("high")
                .jsonPath("$.verdictRule").isEqualTo("indicators-v1")
                .jsonPath("$.tenantId").doesNotExist();
    }

    @Test
    void filtersByStatusThreatLevelAndReceivedRangeAcceptingAnyCase() {
        assertThat(ids(page(adaCaller, "status=PENDING", null))).containsExactly("a6", "a3");
        assertThat(ids(page(adaCaller, "threatLevel=High", null))).containsExactly("a5", "a2");
        assertThat(ids(page(adaCaller, "from=" + T0.plusSeconds(20) + "&to=" + T0.plusSeconds(40), null)))
                .containsExactly("a4", "a3", "a2");
    }

    @Test
    void aUserSeesOnlyTheirOwnAndSomeoneElsesAnalysisIs404() {
        assertThat(ids(page(Callers.user(grace, "acme"), "", null))).containsExactly("g1");
        web.mutateWith(as(adaCaller)).get().uri("/api/v1/analyses/{id}", "g1").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.mutateWith(as(adaCaller)).get().uri("/api/v1/analyses?userId={id}", grace).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void anAnalystOrAdminReadsTheWholeTenantButNeverAnotherTenant() {
        assertThat(ids(page(analyst, "", null))).containsExactly("a6", "a5", "g1", "a4", "a3", "a2", "a1");
        assertThat(ids(page(Callers.admin("acme"), "userId=" + grace, null))).containsExactly("g1");
        web.mutateWith(as(analyst)).get().uri("/api/v1/analyses/{id}", "g1").exchange().expectStatus().isOk();

        Caller globexAnalyst = new Caller(UUID.randomUUID().toString(), "globex", Set.of("analyst"));
        assertThat(ids(page(globexAnalyst, "", null))).containsExactly("x1");
        web.mutateWith(as(globexAnalyst)).get().uri("/api/v1/analyses/{id}", "a2").exchange()
                .expectStatus().isNotFound();
        // Ada's id in another tenant is still not hers to read: the tenant comes from the token.
        web.mutateWith(as(Callers.user(ada, "globex"))).get().uri("/api/v1/analyses/{id}", "a2").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void badParametersAre400sNamingEachOne() {
        web.mutateWith(as(adaCaller)).get()
                .uri("/api/v1/analyses?threatLevel=severe&status=done&from=yesterday&limit=0").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field").isEqualTo(List.of("threatLevel", "status", "from", "limit"));
        web.mutateWith(as(adaCaller)).get().uri("/api/v1/analyses?limit=ten").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("limit");
        web.mutateWith(as(adaCaller)).get()
                .uri("/api/v1/analyses?from={from}&to={to}", T0.plusSeconds(40), T0.plusSeconds(20)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("to");
        web.mutateWith(as(adaCaller)).get().uri("/api/v1/analyses?cursor=garbage!").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("cursor");
    }

    @Test
    void aQueryWithATokenWaitsForTheAnalysisToReachItsVersion() {
        Disposable projector = Mono.delay(Duration.ofMillis(300))
                .then(mongo.insert(analysis("a7", "acme", ada, T0.plusSeconds(60), "pending", null, 1),
                        "email_analyses"))
                .subscribe();
        try {
            web.mutateWith(as(adaCaller)).get().uri("/api/v1/analyses/{id}", "a7")
                    .header(ConsistencyToken.HEADER, ConsistencyToken.analyses("a7", 1).encode())
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("pending");
        } finally {
            projector.dispose();
        }
        web.mutateWith(as(adaCaller)).get().uri("/api/v1/analyses")
                .header(ConsistencyToken.HEADER, ConsistencyToken.analyses("a6", 2).encode())
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1");
    }

    private CursorPage<AnalysisView> page(Caller caller, String query, String cursor) {
        return web.mutateWith(as(caller)).get()
                .uri(builder -> builder.path("/api/v1/analyses").query(query)
                        .queryParamIfPresent("cursor", Optional.ofNullable(cursor)).build())
                .exchange().expectStatus().isOk()
                .expectBody(PAGE).returnResult().getResponseBody();
    }

    private static List<String> ids(CursorPage<AnalysisView> page) {
        return page.items().stream().map(AnalysisView::id).toList();
    }

    private static Document analysis(String id, String tenant, String userId, Instant receivedAt, String status,
            String threatLevel, long version) {
        return new Document("_id", id).append("tenantId", tenant).append("userId", userId)
                .append("gmailMessageId", "msg-" + id).append("subject", "Invoice " + id)
                .append("sender", "billing@evil.example").append("recipient", "ada@example.com")
                .append("receivedAt", Date.from(receivedAt)).append("urls", List.of("https://login.evil.example/"))
                .append("status", status).append("threatLevel", threatLevel)
                .append("confidenceScore", threatLevel != null ? 0.9 : null)
                .append("matches", List.of(new Document("field", "sender_domain").append("value", "evil.example")
                        .append("indicatorId", "i-1").append("indicator", "evil.example")
                        .append("indicatorType", "domain").append("threatType", "phishing")
                        .append("threatLevel", "high").append("confidenceScore", 0.9)))
                .append("preliminaryThreatLevel", "high").append("preliminaryConfidence", 0.9)
                .append("verdictRule", "indicators-v1")
                .append("requestedAt", Date.from(receivedAt.plusSeconds(1)))
                .append("version", version);
    }
}
