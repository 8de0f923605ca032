package dev.phishnet.commandapi.adminapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.ApiSlice.RecordingGateway;
import dev.phishnet.commandapi.web.Callers;
import dev.phishnet.schemas.command.RecordProjectionAdminAction;
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
@ContextConfiguration(classes = {ApiSlice.class, Operators.class, ParkedEventsController.class})
class ParkedEventsApiTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final String HEAD = "g1-users-user-events-2-17";
    private static final String WAITING = "g1-users-user-events-2-18";
    private static final String DLQ = "/api/v1/admin/projections/dlq";

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    RecordingGateway gateway;

    private final Caller operator = Callers.admin("default");

    @BeforeEach
    void seed() {
        gateway.reset();
        mongo.dropCollection("projector_dlq").block();
        mongo.insert(List.of(
                entry(HEAD, 1, "user-events", 17, "PARKED", "FAILED", T0.plusSeconds(1)),
                entry(WAITING, 1, "user-events", 18, "PARKED", "WAITING", T0.plusSeconds(2)),
                entry("g1-audit-logs-audit-events-0-5", 1, "audit-events", 5, "SKIPPED", "FAILED",
                        T0.plusSeconds(3)),
                entry("g2-users-user-events-2-17", 2, "user-events", 17, "PARKED", "FAILED", T0.plusSeconds(4))),
                "projector_dlq").collectList().block();
    }

    @Test
    void operatorsListParkedEventsNewestFirstWithoutPayloadPageByPage() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<?, ?> page = web.mutateWith(as(operator)).get()
                    .uri(DLQ + "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor))
                    .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            for (Object item : (List<?>) page.get("items")) {
                Map<?, ?> entry = (Map<?, ?>) item;
                assertThat(entry.containsKey("payload")).isFalse();
                seen.add((String) entry.get("id"));
            }
            cursor = (String) page.get("next");
            pages++;
        } while (cursor != null && pages < 5);

        assertThat(seen).containsExactly("g2-users-user-events-2-17", "g1-audit-logs-audit-events-0-5", WAITING,
                HEAD);
        assertThat(pages).isEqualTo(2);
    }

    @Test
    void theListFiltersByStatusAndGeneration() {
        web.mutateWith(as(operator)).get().uri(DLQ + "?status=PARKED&generation=1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[*].id").isEqualTo(List.of(WAITING, HEAD))
                .jsonPath("$.items[1].reason").isEqualTo("FAILED")
                .jsonPath("$.items[1].error").isEqualTo("NotConfluentWireFormatException: first byte is 123")
                .jsonPath("$.items[1].topic").isEqualTo("user-events")
                .jsonPath("$.items[1].partition").isEqualTo(2)
                .jsonPath("$.items[1].offset").isEqualTo(17)
                .jsonPath("$.items[1].key").isEqualTo("user-ada")
                .jsonPath("$.next").doesNotExist();
    }

    @Test
    void aBadFilterIsAProblemNamingTheParameter() {
        web.mutateWith(as(operator)).get().uri(DLQ + "?status=LOST").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("status");
        web.mutateWith(as(operator)).get().uri(DLQ + "?limit=0").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("limit");
    }

    @Test
    void oneParkedEventComesWithItsPayload() {
        web.mutateWith(as(operator)).get().uri(DLQ + "/" + HEAD).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(HEAD)
                .jsonPath("$.payload").isEqualTo("eyJub3QiOiJhdnJvIn0=")
                .jsonPath("$.attempts").isEqualTo(1);
        web.mutateWith(as(operator)).get().uri(DLQ + "/g9-nothing-0-0").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void onlyOperatorsSeeOrTouchParkedEvents() {
        for (Caller other : List.of(Callers.admin("acme"), Callers.analyst("default"), Callers.user("default"))) {
            web.mutateWith(as(other)).get().uri(DLQ).exchange().expectStatus().isForbidden();
            web.mutateWith(as(other)).get().uri(DLQ + "/" + HEAD).exchange().expectStatus().isForbidden();
            web.mutateWith(as(other)).post().uri(DLQ + "/" + HEAD + "/skip").exchange().expectStatus().isForbidden();
        }
        assertThat(gateway.sent()).isEmpty();
        assertThat(status(HEAD)).isEqualTo("PARKED");
    }

    @Test
    void aRetryIsAuditedBeforeTheProjectorIsAskedAndAnswers202WithTheEntry() {
        AtomicReference<String> statusWhenAudited = new AtomicReference<>();
        gateway.answer(command -> {
            statusWhenAudited.set(status(HEAD));
            return RecordingGateway.accept(command);
        });

        web.mutateWith(as(operator)).post().uri(DLQ + "/" + HEAD + "/retry").exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.id").isEqualTo(HEAD)
                .jsonPath("$.status").isEqualTo("RETRY_REQUESTED")
                .jsonPath("$.requestedBy").isEqualTo(operator.userId())
                .jsonPath("$.requestedAt").exists();

        assertThat(statusWhenAudited.get()).isEqualTo("PARKED");
        assertThat(gateway.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.routingKey()).isEqualTo("projections:default");
            RecordProjectionAdminAction action = (RecordProjectionAdminAction) sent.command().getPayload();
            assertThat(action.getAction()).isEqualTo("projections.dlq.retry");
            assertThat(action.getResourceId()).isEqualTo(HEAD);
            assertThat(action.getDetails()).containsEntry("topic", "user-events").containsEntry("offset", "17")
                    .containsEntry("projection", "users").containsEntry("key", "user-ada");
        });
        assertThat(status(HEAD)).isEqualTo("RETRY_REQUESTED");
    }

    @Test
    void aSkipIsAuditedAndAsksTheProjectorToDropTheHead() {
        web.mutateWith(as(operator)).post().uri(DLQ + "/" + HEAD + "/skip").exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.status").isEqualTo("SKIP_REQUESTED");

        assertThat(gateway.sent()).singleElement().satisfies(sent -> assertThat(
                ((RecordProjectionAdminAction) sent.command().getPayload()).getAction())
                .isEqualTo("projections.dlq.skip"));
        assertThat(status(HEAD)).isEqualTo("SKIP_REQUESTED");
    }

    @Test
    void onlyTheParkedHeadOfAKeyIsRetriedOrSkipped() {
        web.mutateWith(as(operator)).post().uri(DLQ + "/" + WAITING + "/skip").exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("waits"));
        web.mutateWith(as(operator)).post().uri(DLQ + "/g1-audit-logs-audit-events-0-5/retry").exchange()
                .expectStatus().isEqualTo(409);
        web.mutateWith(as(operator)).post().uri(DLQ + "/g9-nothing-0-0/retry").exchange()
                .expectStatus().isNotFound();
        assertThat(gateway.sent()).isEmpty();

        web.mutateWith(as(operator)).post().uri(DLQ + "/" + HEAD + "/skip").exchange().expectStatus().isAccepted();
        web.mutateWith(as(operator)).post().uri(DLQ + "/" + HEAD + "/retry").exchange()
                .expectStatus().isEqualTo(409);
        assertThat(gateway.sent()).hasSize(1);
    }

    @Test
    void aRefusedAuditLeavesTheEventParked() {
        gateway.answer(RecordingGateway.reject("INVALID", "unknown projection action", "action"));

        web.mutateWith(as(operator)).post().uri(DLQ + "/" + HEAD + "/retry").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("action");

        assertThat(status(HEAD)).isEqualTo("PARKED");
    }

    private String status(String id) {
        return mongo.findById(id, Document.class, "projector_dlq").block().getString("status");
    }

    private static Document entry(String id, int generation, String topic, long offset, String status,
            String reason, Instant parkedAt) {
        return new Document("_id", id).append("generation", generation).append("projection", "users")
                .append("topic", topic).append("partition", 2).append("offset", offset).append("key", "user-ada")
                .append("tenantId", null).append("status", status).append("reason", reason)
                .append("error", "NotConfluentWireFormatException: first byte is 123")
                .append("errorClass", "dev.phishnet.schemas.serde.NotConfluentWireFormatException")
                .append("attempts", 1).append("payload", "eyJub3QiOiJhdnJvIn0=")
                .append("parkedAt", Date.from(parkedAt));
    }
}
