package dev.phishnet.commandapi.threatintelapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

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
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
@TestPropertySource(properties = "platform.queries.consistency-wait=1s")
class ThreatIntelQueriesApiTest {

    private static final Instant T0 = Instant.parse("2026-01-10T08:00:00Z");
    private static final ParameterizedTypeReference<CursorPage<IndicatorView>> PAGE =
            new ParameterizedTypeReference<>() {
            };

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    private final Caller user = Callers.user("acme");

    /** Five indicators of acme (two first seen in one millisecond), and globex's report of one of the same domains. */
    @BeforeEach
    void seed() {
        mongo.dropCollection("threat_intelligence").block();
        mongo.insert(List.of(
                indicator("i1", "acme", "evil.example", "domain", T0.plusSeconds(1), "active"),
                indicator("i2", "acme", "https://evil.example/Login?next=%2F", "url", T0.plusSeconds(2), "active"),
                indicator("i3", "acme", "billing@evil.example", "email", T0.plusSeconds(3), "retired"),
                indicator("i4", "acme", "203.0.113.7", "ip", T0.plusSeconds(3), "active"),
                indicator("i5", "acme", "phish.example", "domain", T0.plusSeconds(4), "active"),
                indicator("x1", "globex", "evil.example", "domain", T0.plusSeconds(2), "active")),
                "threat_intelligence").collectList().block();
    }

    @Test
    void anyUserOfTheTenantPagesThroughItsIndicatorsNewestFirstWithoutOverlapOrGap() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            CursorPage<IndicatorView> page = page(user, "limit=2", cursor);
            page.items().forEach(indicator -> seen.add(indicator.id()));
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly("i5", "i4", "i3", "i2", "i1");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void theIndicatorFilterIsNormalizedLikeTheCommandSideAndTheTypeNarrowsIt() {
        web.mutateWith(as(user)).get().uri("/api/v1/threat-intel?indicator={value}", " Evil.Example. ").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].id").isEqualTo(List.of("i1"));
        assertThat(ids(page(user, "indicator=EVIL.example&type=domain", null))).containsExactly("i1");
        web.mutateWith(as(user)).get().uri("/api/v1/threat-intel?indicator=evil.example&type=URL").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field").isEqualTo(List.of("indicator"));
        assertThat(ids(page(user, "type=domain", null))).containsExactly("i5", "i1");
    }

    @Test
    void anIndicatorReadsInLowerCaseAndAnotherTenantsIs404() {
        web.mutateWith(as(user)).get().uri("/api/v1/threat-intel/{id}", "i3").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.indicator").isEqualTo("billing@evil.example")
                .jsonPath("$.indicatorType").isEqualTo("email")
                .jsonPath("$.threatLevel").isEqualTo("high")
                .jsonPath("$.status").isEqualTo("retired")
                .jsonPath("$.sources").isEqualTo(List.of("feed-a", "feed-b"))
                .jsonPath("$.tenantId").doesNotExist();
        web.mutateWith(as(user)).get().uri("/api/v1/threat-intel/{id}", "x1").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(ids(page(Callers.user("globex"), "", null))).containsExactly("x1");
    }

    @Test
    void badParametersAre400sNamingEachOne() {
        web.mutateWith(as(user)).get().uri("/api/v1/threat-intel?type=hash&limit=1000").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[*].field").isEqualTo(List.of("type", "limit"));
        web.mutateWith(as(user)).get().uri("/api/v1/threat-intel?cursor=bm9wZQ").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("cursor");
    }

    @Test
    void aTokenOfAVersionNotReachedYet503s() {
        web.mutateWith(as(user)).get().uri("/api/v1/threat-intel/{id}", "i1")
                .header(ConsistencyToken.HEADER, ConsistencyToken.indicators("i1", 1).encode())
                .exchange()
                .expectStatus().isOk();
        web.mutateWith(as(user)).get().uri("/api/v1/threat-intel/{id}", "i1")
                .header(ConsistencyToken.HEADER, ConsistencyToken.indicators("i1", 2).encode())
                .exchange()
                .expectStatus().isEqualTo(503);
    }

    private CursorPage<IndicatorView> page(Caller caller, String query, String cursor) {
        return web.mutateWith(as(caller)).get()
                .uri(builder -> builder.path("/api/v1/threat-intel").query(query)
                        .queryParamIfPresent("cursor", Optional.ofNullable(cursor)).build())
                .exchange().expectStatus().isOk()
                .expectBody(PAGE).returnResult().getResponseBody();
    }

    private static List<String> ids(CursorPage<IndicatorView> page) {
        return page.items().stream().map(IndicatorView::id).toList();
    }

    private static Document indicator(String id, String tenant, String indicator, String type, Instant firstSeenAt,
            String status) {
        return new Document("_id", id).append("tenantId", tenant).append("indicator", indicator)
                .append("indicatorType", type).append("threatType", "phishing").append("threatLevel", "high")
                .append("confidenceScore", 0.9).append("sources", List.of("feed-a", "feed-b"))
                .append("tags", List.of("credential-theft")).append("description", null)
                .append("firstSeenAt", Date.from(firstSeenAt)).append("lastSeenAt", Date.from(firstSeenAt))
                .append("reports", 2).append("status", status)
                .append("retiredAt", "retired".equals(status) ? Date.from(firstSeenAt.plusSeconds(60)) : null)
                .append("version", 1L);
    }
}
