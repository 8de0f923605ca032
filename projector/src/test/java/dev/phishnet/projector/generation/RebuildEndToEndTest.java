package dev.phishnet.projector.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerializer;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.service.readmodel.ReadModelNames;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A blue/green rebuild on a real broker and the real MongoDB driver: the new generation is built from the topics'
 * start by its own applications (through a restart of the projector's generations mid-way), the queries' control
 * document switches to it once it has caught up, and the old generation is dropped after the (short) grace period.
 */
@SpringBootTest(classes = dev.phishnet.projector.ProjectorApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.schema-registry.url=" + RebuildEndToEndTest.REGISTRY,
        "platform.topics.user-events.partitions=3",
        "platform.topics.audit-events.partitions=3",
        "platform.projector.rebuild.switch-lag=0",
        "platform.projector.rebuild.grace-period=2s",
        "platform.projector.rebuild.progress-interval=500ms",
        "platform.projector.rebuild.poll-interval=200ms"})
@AutoConfigureWebTestClient
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class RebuildEndToEndTest {

    static final String REGISTRY = "mock://rebuild-end-to-end";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int USERS = 200;

    private static final MongoServer mongo = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = mongo.bindAndGetConnectionString() + "/phishnet";
    private static final MongoClient client = MongoClients.create(MONGO_URI);
    private static final MongoDatabase database = client.getDatabase("phishnet");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
        registry.add("platform.projector.state-dir",
                () -> Path.of("target", "streams-state-" + UUID.randomUUID()).toString());
    }

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    Generations generations;

    @Autowired
    Admin admin;

    @Autowired
    WebTestClient web;

    @Test
    void aRebuildFillsTheNextGenerationSwitchesToItAndDropsTheOldOne() throws Exception {
        produceUsersAndTheirAuditEntries();
        MongoCollection<Document> control = database.getCollection(ReadModelNames.GENERATIONS);
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(database.getCollection("users").countDocuments()).isEqualTo(USERS);
            assertThat(database.getCollection("audit_logs").countDocuments()).isEqualTo(USERS);
            assertThat(control.find(Filters.eq("_id", "g1")).first()).containsEntry("state", "ACTIVE");
        });
        Map<String, Long> generationOne = versions("users");

        // Requested as command-api does it, then the projector restarts in the middle of the rebuild.
        generations.stop();
        control.updateOne(Filters.eq("_id", "current"), Updates.combine(Updates.set("building", 2),
                Updates.set("lastGeneration", 2)));
        control.insertOne(new Document("_id", "g2").append("generation", 2).append("state", "REQUESTED")
                .append("requestedBy", "operator-1").append("requestedAt", new Date()));
        generations.start();
        assertThat(control.find(Filters.eq("_id", "g2")).first()).containsEntry("state", "BUILDING");
        generations.stop();
        assertThat(control.find(Filters.eq("_id", "current")).first()).containsEntry("active", 1)
                .containsEntry("building", 2);
        generations.start();

        // The switch is one update of "current"; the generations' own documents are brought in line right after.
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(control.find(Filters.eq("_id", "current")).first()).containsEntry("active", 2)
                    .containsEntry("building", null);
            assertThat(control.find(Filters.eq("_id", "g2")).first()).containsEntry("state", "ACTIVE");
        });
        assertThat(versions("users_g2")).isEqualTo(generationOne);
        assertThat(database.getCollection("audit_logs_g2").countDocuments()).isEqualTo(USERS);
        Document rebuilt = control.find(Filters.eq("_id", "g2")).first();
        assertThat(rebuilt).containsEntry("state", "ACTIVE").containsKeys("startedAt", "activatedAt");
        Document progress = rebuilt.get("progress", Document.class);
        assertThat(progress.getLong("lag")).isZero();
        assertThat(progress.getList("partitions", Document.class))
                .extracting(partition -> partition.getString("application")).contains("projector", "aggregates");
        assertThat(progress.getList("partitions", Document.class))
                .filteredOn(partition -> partition.getString("topic").equals("user-events")
                        && partition.getString("application").equals("projector"))
                .hasSize(3)
                .allSatisfy(partition -> assertThat(partition.getLong("checkpoint"))
                        .isEqualTo(partition.getLong("endOffset")));

        await().atMost(DEADLINE).untilAsserted(() -> web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("projector_rebuild_progress{generation=\"2\"} 1.0")
                        .contains("projector_generation_lag{application=\"projector\",generation=\"2\"} 0.0")
                        .contains("projector_generation_active 2.0")));

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(control.find(Filters.eq("_id", "g1")).first()).containsEntry("state", "DROPPED")
                    .containsKeys("retiredAt", "droppedAt");
            assertThat(database.listCollectionNames().into(new ArrayList<>()))
                    .doesNotContain("users", "audit_logs", "analysis_stats", "projection_checkpoints")
                    .contains("users_g2", "audit_logs_g2", "projection_checkpoints_g2");
        });
        Set<String> groups = admin.listGroups().all().get().stream().map(GroupListing::groupId)
                .collect(Collectors.toSet());
        assertThat(groups).doesNotContain("phishnet-projector", "phishnet-projector-aggregates")
                .contains("phishnet-projector-g2", "phishnet-projector-aggregates-g2");
        Set<String> topics = admin.listTopics().names().get();
        assertThat(topics).doesNotContain("phishnet-projector-user-views-changelog")
                .contains("phishnet-projector-g2-user-views-changelog");
        web.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.projections.status").isEqualTo("UP")
                .jsonPath("$.components.projections.details.generation").isEqualTo(2);
    }

    private static Map<String, Long> versions(String collection) {
        return database.getCollection(collection).find().into(new ArrayList<>()).stream()
                .collect(Collectors.toMap(user -> user.getString("_id"), user -> user.getLong("version")));
    }

    private void produceUsersAndTheirAuditEntries() {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < USERS; i++) {
                String user = "user-" + i;
                UserEvent registered = Events.registered(user, user + "@example.com");
                producer.send(new ProducerRecord<>("user-events", user, registered));
                producer.send(new ProducerRecord<>("audit-events", user,
                        Events.audit("audit-" + user, "user.register", AuditOutcome.ACCEPTED)));
            }
            producer.commitTransaction();
        }
    }
}
