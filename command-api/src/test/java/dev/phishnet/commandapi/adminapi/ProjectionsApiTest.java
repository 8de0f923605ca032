package dev.phishnet.commandapi.adminapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.Callers;
import dev.phishnet.schemas.command.RecordProjectionAdminAction;
import dev.phishnet.service.readmodel.ReadModelNames;
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
class ProjectionsApiTest {

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    ApiSlice.RecordingGateway gateway;

    private final Caller operator = Callers.admin("default");

    @BeforeEach
    void clean() {
        mongo.dropCollection(ReadModelNames.GENERATIONS).block();
        gateway.reset();
    }

    @Test
    void aRebuildStartsTheNextGenerationAuditedAndAnswers202() {
        web.mutateWith(as(operator)).post().uri("/api/v1/admin/projections/rebuild").exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.generation").isEqualTo(2)
                .jsonPath("$.state").isEqualTo("REQUESTED")
                .jsonPath("$.requestedBy").isEqualTo(operator.userId());

        assertThat(gateway.sent()).singleElement().satisfies(sent -> {
            assertThat(sent.routingKey()).isEqualTo("projections:default");
            RecordProjectionAdminAction action = (RecordProjectionAdminAction) sent.command().getPayload();
            assertThat(action.getAction()).isEqualTo("projections.rebuild");
            assertThat(action.getResourceId()).isEqualTo("g2");
        });
        Document current = mongo.findById("current", Document.class, ReadModelNames.GENERATIONS).block();
        assertThat(current).containsEntry("active", 1).containsEntry("building", 2)
                .containsEntry("lastGeneration", 2);
    }

    @Test
    void aSecondRebuildWhileOneRunsIsAConflict() {
        web.mutateWith(as(operator)).post().uri("/api/v1/admin/projections/rebuild").exchange()
                .expectStatus().isAccepted();

        web.mutateWith(as(operator)).post().uri("/api/v1/admin/projections/rebuild").exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("generation 2 is being rebuilt"));
        assertThat(gateway.sent()).hasSize(1);
    }

    @Test
    void theNextRebuildAfterASwitchTakesTheNextNumber() {
        mongo.insert(new Document("_id", "current").append("active", 2).append("building", null)
                .append("lastGeneration", 2), ReadModelNames.GENERATIONS).block();

        web.mutateWith(as(operator)).post().uri("/api/v1/admin/projections/rebuild").exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.generation").isEqualTo(3);
    }

    @Test
    void onlyAnAdminOfTheOperatorTenantRebuildsOrLists() {
        for (Caller caller : List.of(Callers.admin("acme"), Callers.analyst("default"), Callers.user("default"))) {
            web.mutateWith(as(caller)).post().uri("/api/v1/admin/projections/rebuild").exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            web.mutateWith(as(caller)).get().uri("/api/v1/admin/projections").exchange()
                    .expectStatus().isForbidden();
        }
        assertThat(gateway.sent()).isEmpty();
        assertThat(mongo.findById("current", Document.class, ReadModelNames.GENERATIONS).block()).isNull();
    }

    @Test
    void aRejectedAuditStartsNothing() {
        gateway.answer(ApiSlice.RecordingGateway.reject("INVALID", "unknown projection action", "action"));

        web.mutateWith(as(operator)).post().uri("/api/v1/admin/projections/rebuild").exchange()
                .expectStatus().isBadRequest();

        assertThat(mongo.findById("current", Document.class, ReadModelNames.GENERATIONS).block()).isNull();
    }

    @Test
    void listsGenerationsNewestFirstWithTheirProgressPerPartition() {
        mongo.insert(new Document("_id", "current").append("active", 1).append("building", 2)
                .append("lastGeneration", 2), ReadModelNames.GENERATIONS).block();
        mongo.insert(new Document("_id", "g1").append("generation", 1).append("state", "ACTIVE"),
                ReadModelNames.GENERATIONS).block();
        mongo.insert(new Document("_id", "g2").append("generation", 2).append("state", "BUILDING")
                .append("startedAt", new Date(0))
                .append("progress", new Document("measuredAt", new Date(5000)).append("checkpoint", 40L)
                        .append("endOffset", 100L).append("lag", 60L).append("eventsPerSecond", 20.0)
                        .append("etaSeconds", 3L)
                        .append("partitions", List.of(new Document("application", "projector")
                                .append("topic", "user-events").append("partition", 0).append("checkpoint", 40L)
                                .append("endOffset", 100L).append("lag", 60L)))),
                ReadModelNames.GENERATIONS).block();

        web.mutateWith(as(operator)).get().uri("/api/v1/admin/projections").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.active").isEqualTo(1)
                .jsonPath("$.building").isEqualTo(2)
                .jsonPath("$.generations[*].generation").isEqualTo(List.of(2, 1))
                .jsonPath("$.generations[0].state").isEqualTo("BUILDING")
                .jsonPath("$.generations[0].progress.lag").isEqualTo(60)
                .jsonPath("$.generations[0].progress.etaSeconds").isEqualTo(3)
                .jsonPath("$.generations[0].progress.partitions[0].topic").isEqualTo("user-events")
                .jsonPath("$.generations[0].progress.partitions[0].lag").isEqualTo(60);
    }

    @Test
    void withoutAnyRebuildGenerationOneIsActive() {
        web.mutateWith(as(operator)).get().uri("/api/v1/admin/projections").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.active").isEqualTo(1)
                .jsonPath("$.building").doesNotExist()
                .jsonPath("$.generations[0].state").isEqualTo("ACTIVE");
    }
}
