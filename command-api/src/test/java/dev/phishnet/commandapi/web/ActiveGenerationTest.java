package dev.phishnet.commandapi.web;

import static dev.phishnet.commandapi.web.ApiSlice.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.service.readmodel.ReadModelNames;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Queries read the active generation's collections, and follow a switch within a second. */
@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
class ActiveGenerationTest {

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    @Autowired
    ActiveGeneration active;

    private final Caller admin = Callers.admin("acme");

    @AfterEach
    void clean() {
        mongo.dropCollection(ReadModelNames.GENERATIONS).block();
        active.refresh().block();
    }

    @Test
    void queriesFollowTheSwitchToANewGeneration() {
        mongo.insert(entry("old-entry"), "audit_logs").block();
        mongo.insert(entry("new-entry"), "audit_logs_g2").block();
        assertThat(ids()).containsExactly("old-entry");

        mongo.insert(new Document("_id", "current").append("active", 2).append("lastGeneration", 2),
                ReadModelNames.GENERATIONS).block();

        Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(active.names()).isEqualTo(new ReadModelNames(2));
            assertThat(ids()).containsExactly("new-entry");
        });
    }

    @Test
    void withoutAControlDocumentGenerationOneIsActive() {
        assertThat(active.refresh().block()).isEqualTo(ReadModelNames.FIRST);
        assertThat(active.collection("users")).isEqualTo("users");
    }

    private List<Object> ids() {
        String body = web.mutateWith(as(admin)).get().uri("/api/v1/audit").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return Document.parse(body).getList("items", Document.class).stream().map(item -> item.get("id")).toList();
    }

    private static Document entry(String id) {
        return new Document("_id", id).append("tenantId", "acme").append("actorId", "alice")
                .append("action", "user.register").append("occurredAt", new java.util.Date());
    }
}
