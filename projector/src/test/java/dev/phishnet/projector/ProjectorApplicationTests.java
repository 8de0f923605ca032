package dev.phishnet.projector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.service.testing.TopicFacts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.schema-registry.url=mock://test",
        "platform.topics.audit-events.partitions=3"})
@AutoConfigureWebTestClient
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class ProjectorApplicationTests {

    private static final MongoServer mongo = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = mongo.bindAndGetConnectionString() + "/phishnet";

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
        registry.add("platform.projector.state-dir",
                () -> java.nio.file.Path.of("target", "streams-state-" + java.util.UUID.randomUUID()).toString());
    }

    // No @AfterAll shutdown of the server: the cached application context closes later, at JVM exit, and its
    // projector flushes to MongoDB as it stops. The forked test JVM's exit ends the server.

    @Autowired
    WebTestClient web;

    @Autowired
    Admin admin;

    @Test
    void createsEveryTopicWithItsPartitionsAndRetention() throws Exception {
        Map<String, String> retention = Map.of(
                "user-events", "-1",
                "session-events", "2592000000",
                "analysis-events", "7776000000",
                "threat-intel-events", "31536000000",
                "audit-events", "7776000000",
                "projector-dlq", "-1");

        assertThat(TopicFacts.retentionMs(admin, retention.keySet())).isEqualTo(retention);
        // Compaction keeps each indicator's latest record (it carries the whole indicator); the rest is deleted.
        assertThat(TopicFacts.config(admin, retention.keySet(), TopicConfig.CLEANUP_POLICY_CONFIG))
                .containsEntry("threat-intel-events", "compact,delete")
                .containsEntry("audit-events", "delete")
                .containsEntry("analysis-events", "delete");
        // One topic sets its own partition count (3 in this test's properties); the others take the default, 6.
        assertThat(TopicFacts.partitions(admin, retention.keySet())).allSatisfy((topic, partitions) ->
                assertThat(partitions).isEqualTo(topic.equals("audit-events") ? 3 : 6));
    }

    @Test
    void healthIsUpWithKafkaMongoSchemaRegistryProjectionsAndAggregates() {
        web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.details.nodes").isEqualTo(1)
                .jsonPath("$.components.mongo.status").isEqualTo("UP")
                .jsonPath("$.components.projections.status").isEqualTo("UP")
                .jsonPath("$.components.aggregates.status").isEqualTo("UP")
                .jsonPath("$.components.schemaRegistry.status").isEqualTo("UP")
                .jsonPath("$.components.schemaRegistry.details.mock").isEqualTo(true);
    }

    @Test
    void prometheusScrapeServesJvmMetrics() {
        web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
    }
}
