package dev.phishnet.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.aggregates.AggregateEvents;
import dev.phishnet.projector.aggregates.AggregateEvents.Analysis;
import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerializer;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserProfileUpdated;
import org.apache.avro.specific.SpecificRecord;
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

/** The projector as deployed: a transactional producer's events on a real broker become documents in MongoDB. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.schema-registry.url=" + ProjectionEndToEndTest.REGISTRY,
        "platform.topics.user-events.partitions=3",
        "platform.topics.audit-events.partitions=3"})
@AutoConfigureWebTestClient
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class ProjectionEndToEndTest {

    static final String REGISTRY = "mock://projection-end-to-end";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

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

    // No @AfterAll shutdown of the server: the cached application context closes later, at JVM exit, and its
    // projector flushes to MongoDB as it stops. The forked test JVM's exit ends the server.

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Autowired
    WebTestClient web;

    @Test
    void committedEventsBecomeDocumentsAndAbortedOnesNever() {
        try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String user : List.of("user-1", "user-2", "user-3")) {
                producer.send(userEvent(Events.registered(user, user + "@example.com")));
                producer.send(new ProducerRecord<>("audit-events", user,
                        Events.audit("audit-" + user, "user.register", AuditOutcome.ACCEPTED)));
            }
            producer.send(userEvent(Events.profileUpdated(2, "analyst", "dark")));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(userEvent(new UserEvent(Events.envelope(Events.USER, 3),
                    UserProfileUpdated.newBuilder().setBio("aborted").build())));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(userEvent(Events.deactivated(3)));
            producer.commitTransaction();
        }

        MongoCollection<Document> users = database.getCollection("users");
        await().atMost(DEADLINE).untilAsserted(() -> {
            Document user = users.find(Filters.eq("_id", Events.USER)).first();
            assertThat(user).isNotNull();
            assertThat(user.getLong("version")).isEqualTo(3);
        });
        Document user = users.find(Filters.eq("_id", Events.USER)).first();
        assertThat(user.getBoolean("active")).isFalse();
        assertThat(user.get("profile", Document.class).getString("bio")).isEqualTo("analyst");
        assertThat(user.toJson()).doesNotContain("argon2");

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(users.countDocuments()).isEqualTo(3);
            assertThat(database.getCollection("audit_logs").countDocuments()).isEqualTo(3);
        });
        List<Document> checkpoints = database.getCollection("projection_checkpoints").find()
                .into(new ArrayList<>());
        assertThat(checkpoints).extracting(checkpoint -> checkpoint.getString("_id"))
                .anyMatch(id -> id.startsWith("users:user-events:"))
                .anyMatch(id -> id.startsWith("audit_logs:audit-events:"));
        assertThat(checkpoints).allSatisfy(checkpoint -> assertThat(checkpoint.getLong("offset")).isPositive());
    }

    @Test
    void aSessionStartedThenRevokedIsEndedInMongoAndTheAddressLockoutBesideItChangesNothing() {
        try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(sessionEvent(Events.sessionStarted("session-e2e", 1)));
            producer.send(sessionEvent(Events.addressLockedOut("198.51.100.66")));
            producer.send(sessionEvent(Events.sessionRevoked("session-e2e", 2, RevocationReason.ALL_REVOKED)));
            producer.commitTransaction();
        }

        MongoCollection<Document> sessions = database.getCollection("sessions");
        await().atMost(DEADLINE).untilAsserted(() -> {
            Document session = sessions.find(Filters.eq("_id", "session-e2e")).first();
            assertThat(session).isNotNull();
            assertThat(session.getString("status")).isEqualTo("ENDED");
        });
        Document session = sessions.find(Filters.eq("_id", "session-e2e")).first();
        assertThat(session.getString("endReason")).isEqualTo("ALL_REVOKED");
        assertThat(session.getString("userId")).isEqualTo(Events.USER);
        assertThat(session.getLong("version")).isEqualTo(2);
        assertThat(session.toJson()).doesNotContain(Events.REFRESH_TOKEN_HASH);
        assertThat(sessions.countDocuments()).isOne();
    }

    @Test
    void committedAnalysisEventsAndUserCallsAreCountedOnceAcrossPartitionsAndAbortedOnesNever() {
        Instant day = Instant.parse("2026-03-01T10:00:00Z");
        List<Analysis> analyses = List.of(Analysis.of("e2e", "ada", day), Analysis.of("e2e", "ada", day),
                Analysis.of("e2e", "grace", day));
        Analysis aborted = Analysis.of("e2e", "ada", day);
        try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            analyses.forEach(analysis -> producer.send(analysisEvent(analysis.requested())));
            producer.send(analysisEvent(analyses.get(0).completed(2, ThreatLevel.HIGH)));
            producer.send(new ProducerRecord<>("audit-events", "r", AggregateEvents.audit("e2e", "ada",
                    "analysis.request", day)));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(analysisEvent(aborted.requested()));
            producer.send(new ProducerRecord<>("audit-events", "r", AggregateEvents.audit("e2e", "ada",
                    "analysis.request", day)));
            producer.flush();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(analysisEvent(analyses.get(1).failed(2)));
            producer.commitTransaction();
        }

        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(summedParts("analysis_stats", "e2e|*|2026-03-01", "total")).isEqualTo(3);
            assertThat(summedParts("analysis_stats", "e2e|*|2026-03-01", "byStatus.failed")).isEqualTo(1);
        });
        assertThat(summedParts("analysis_stats", "e2e|*|2026-03-01", "byStatus.pending")).isEqualTo(1);
        assertThat(summedParts("analysis_stats", "e2e|*|2026-03-01", "byThreatLevel.high")).isEqualTo(1);
        assertThat(summedParts("analysis_stats", "e2e|ada|2026-03-01", "total")).isEqualTo(2);
        await().atMost(DEADLINE).untilAsserted(() ->
                assertThat(summedParts("api_usage", "e2e|ada|2026-03-01", "total")).isEqualTo(1));
    }

    @Test
    void healthHasTheProjectionsAndMetricsCountTheRecordsApplied() {
        await().atMost(DEADLINE).untilAsserted(() -> web.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.projections.status").isEqualTo("UP"));
        try (KafkaProducer<String, SpecificRecord> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("audit-events", "user-9",
                    Events.audit("audit-metrics", "user.deactivate", AuditOutcome.REJECTED)));
            producer.commitTransaction();
        }

        await().atMost(DEADLINE).untilAsserted(() -> web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("projector_records_applied_total{projection=\"audit_logs\"")));
    }

    @Test
    void theIndexesOfTheQueriesAreCreatedAtStartUp() {
        List<String> users = database.getCollection("users").listIndexes()
                .map(index -> index.getString("name")).into(new ArrayList<>());
        List<String> sessions = database.getCollection("sessions").listIndexes()
                .map(index -> index.getString("name")).into(new ArrayList<>());
        List<String> auditLogs = database.getCollection("audit_logs").listIndexes()
                .map(index -> index.getString("name")).into(new ArrayList<>());

        assertThat(users).contains("tenant_email");
        assertThat(sessions).contains("tenant_user_status_created");
        assertThat(auditLogs).contains("tenant_newest", "tenant_actor_newest", "tenant_action_newest");
        assertThat(indexNames(database.getCollection("email_analyses")))
                .contains("tenant_user_received", "tenant_received");
        assertThat(indexNames(database.getCollection("threat_intelligence")))
                .contains("tenant_indicator", "tenant_first_seen");
    }

    private static List<String> indexNames(MongoCollection<Document> collection) {
        return collection.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());
    }

    private KafkaProducer<String, SpecificRecord> transactionalProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY));
    }

    private static ProducerRecord<String, SpecificRecord> userEvent(UserEvent event) {
        return new ProducerRecord<>("user-events", event.getEnvelope().getAggregateId(), event);
    }

    private static ProducerRecord<String, SpecificRecord> analysisEvent(AnalysisEvent event) {
        return new ProducerRecord<>("analysis-events", event.getEnvelope().getAggregateId(), event);
    }

    /** A count of an aggregate document, added up over its partitions' parts; 0 while it has none. */
    private static long summedParts(String collection, String id, String count) {
        Document document = database.getCollection(collection).find(Filters.eq("_id", id)).first();
        if (document == null) {
            return 0;
        }
        long sum = 0;
        for (Object part : document.get("parts", Document.class).values()) {
            sum += ((Document) part).getEmbedded(List.of(count.split("\\.")), Long.class);
        }
        return sum;
    }

    private static ProducerRecord<String, SpecificRecord> sessionEvent(SessionEvent event) {
        return new ProducerRecord<>("session-events", event.getEnvelope().getAggregateId(), event);
    }
}
