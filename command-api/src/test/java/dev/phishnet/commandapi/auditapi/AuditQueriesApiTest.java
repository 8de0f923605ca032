package dev.phishnet.commandapi.auditapi;

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
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
class AuditQueriesApiTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    private final Caller admin = Callers.admin("acme");

    /** 7 entries of acme, three of them in one millisecond, and one of another tenant in the middle. */
    @BeforeEach
    void seed() {
        mongo.dropCollection("audit_logs").block();
        List<Document> logs = List.of(
                log("e1", "acme", "alice", "user.register", T0.plusSeconds(1)),
                log("e2", "acme", "bob", "user.update-profile", T0.plusSeconds(2)),
                log("e3", "acme", "alice", "user.update-profile", T0.plusSeconds(3)),
                log("e4", "acme", "alice", "user.deactivate", T0.plusSeconds(3)),
                log("e5", "acme", "bob", "user.reactivate", T0.plusSeconds(3)),
                log("x1", "globex", "mallory", "user.register", T0.plusSeconds(3)),
                log("e6", "acme", "alice", "user.assign-roles", T0.plusSeconds(4)),
                log("e7", "acme", "alice", "user.change-password", T0.plusSeconds(5)));
        mongo.insert(logs, "audit_logs").collectList().block();
    }

    @Test
    void cursorPagesNewestFirstWithoutOverlapOrGap() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            AuditQueryController.AuditPage page = page(cursor);
            page.items().forEach(entry -> seen.add(entry.id()));
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly("e7", "e6", "e5", "e4", "e3", "e2", "e1");
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void filtersByActorActionAndTimeRange() {
        web.mutateWith(as(admin)).get()
                .uri("/api/v1/audit?actorId=alice&from={from}&to={to}", T0.plusSeconds(3), T0.plusSeconds(5))
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[*].id").isEqualTo(List.of("e6", "e4", "e3"))
                .jsonPath("$.next").doesNotExist();
        web.mutateWith(as(admin)).get().uri("/api/v1/audit?action=user.register").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].id").isEqualTo(List.of("e1"));
    }

    @Test
    void eachTenantsAdminsReadOnlyTheirTenantsTrail() {
        web.mutateWith(as(Callers.admin("globex"))).get().uri("/api/v1/audit").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[*].id").isEqualTo(List.of("x1"));
        web.mutateWith(as(admin)).get().uri("/api/v1/audit?actorId=mallory").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items").isEmpty();
    }

    @Test
    void onlyAdminsReadTheTrailAndBadParametersAreNamed() {
        web.mutateWith(as(Callers.user("acme"))).get().uri("/api/v1/audit").exchange().expectStatus().isForbidden();
        web.mutateWith(as(Callers.analyst("acme"))).get().uri("/api/v1/audit").exchange().expectStatus().isForbidden();
        web.mutateWith(as(admin)).get().uri("/api/v1/audit?from=yesterday").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("from");
        web.mutateWith(as(admin)).get().uri("/api/v1/audit?cursor=garbage!").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("cursor");
    }

    private AuditQueryController.AuditPage page(String cursor) {
        return web.mutateWith(as(admin)).get()
                .uri(builder -> builder.path("/api/v1/audit").queryParam("size", 2)
                        .queryParamIfPresent("cursor", Optional.ofNullable(cursor)).build())
                .exchange().expectStatus().isOk()
                .expectBody(AuditQueryController.AuditPage.class).returnResult().getResponseBody();
    }

    private static Document log(String id, String tenant, String actor, String action, Instant at) {
        return new Document("_id", id).append("tenantId", tenant).append("actorId", actor)
                .append("actorKind", "USER").append("action", action).append("outcome", "ACCEPTED")
                .append("resourceType", "user").append("resourceId", "u-" + id).append("occurredAt", Date.from(at))
                .append("details", new Document());
    }
}
