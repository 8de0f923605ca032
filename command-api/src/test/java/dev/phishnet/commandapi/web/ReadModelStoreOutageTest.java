package dev.phishnet.commandapi.web;

import static dev.phishnet.commandapi.web.ApiSlice.as;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.commandapi.security.Caller;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * MongoDB down under the queries: they answer 503 problem+json with Retry-After within the configured timeout (not a
 * 500 after the driver's 30 s), and answer again by themselves once a store listens on the address again.
 */
@Tag("chaos")
@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
@TestPropertySource(properties = {"platform.read-models.timeout=1s", "platform.read-models.retry-after=7s"})
@DirtiesContext // the test stops the slice's store
class ReadModelStoreOutageTest {

    @Autowired
    WebTestClient web;

    @Autowired
    MongoServer store;

    @Autowired
    ReactiveMongoTemplate mongo;

    private final String adaId = UUID.randomUUID().toString();
    private final Caller admin = Callers.admin("acme");
    private MongoServer restarted;

    @AfterEach
    void stopTheRestartedStore() {
        if (restarted != null) {
            restarted.shutdownNow();
        }
    }

    @Test
    void queriesAnswer503WithRetryAfterWhileTheStoreIsDownAndRecoverWhenItIsBack() {
        WebTestClient client = web.mutate().responseTimeout(Duration.ofSeconds(10)).build();
        client.mutateWith(as(admin)).get().uri("/api/v1/audit").exchange().expectStatus().isOk();

        InetSocketAddress address = store.getLocalAddress();
        store.shutdownNow();

        long started = System.nanoTime();
        client.mutateWith(as(admin)).get().uri("/api/v1/users/{id}", adaId).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "7")
                .expectBody().jsonPath("$.detail").isEqualTo("the read models' store is not reachable; retry later");
        client.mutateWith(as(admin)).get().uri("/api/v1/audit").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        System.out.printf("two queries against a stopped store answered 503 in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);

        restarted = new MongoServer(new MemoryBackend());
        restarted.bind(address.getHostString(), address.getPort());
        mongo.insert(new Document("_id", "the store is back"), "probe").block(Duration.ofSeconds(10));
        client.mutateWith(as(admin)).get().uri("/api/v1/audit").exchange().expectStatus().isOk();
        client.mutateWith(as(admin)).get().uri("/api/v1/users/{id}", adaId).exchange().expectStatus().isNotFound();
    }
}
