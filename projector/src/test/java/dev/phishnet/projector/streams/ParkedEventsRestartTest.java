package dev.phishnet.projector.streams;

import static dev.phishnet.projector.testing.Events.envelope;
import static dev.phishnet.projector.testing.Events.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserProfileUpdated;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Parked queues live in a changelogged store: a projector that restarts on an empty state directory (another host,
 * a wiped disk) restores them, keeps the user's later events waiting, and releases them all on a skip.
 */
@EmbeddedKafka(brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class ParkedEventsRestartTest {

    private static final String REGISTRY = "mock://parked-events-restart";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String ADA = "user-ada";
    private static final String HEAD = "g1-users-user-events-0-1";

    @TempDir
    Path firstHost;
    @TempDir
    Path secondHost;

    private final MongoServer mongo = new MongoServer(new MemoryBackend());
    private final MongoClient client = MongoClients.create(mongo.bindAndGetConnectionString());
    private final MongoDatabase database = client.getDatabase("phishnet");
    private KafkaStreams streams;

    @AfterEach
    void stop() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
        }
        client.close();
        mongo.shutdownNow();
    }

    @Test
    void parkedEventsSurviveARestartOnAnEmptyStateDirectoryAndASkipReleasesThemInOrder(EmbeddedKafkaBroker broker)
            throws Exception {
        String servers = broker.getBrokersAsString();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of("user-events", "session-events", "audit-events", "analysis-events",
                    "threat-intel-events", "projector-dlq").stream()
                    .map(topic -> new NewTopic(topic, 1, (short) 1)).toList()).all().get();
        }
        String applicationId = "parked-restart-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = producer(servers)) {
            producer.send(event(registered(ADA, "ada@example.com")));
            producer.send(new ProducerRecord<>("user-events", ADA, "not avro".getBytes(StandardCharsets.UTF_8)));
            producer.send(event(profileUpdated(3, "third")));
            producer.send(event(registered("user-bob", "bob@example.com")));
        }
        streams = start(servers, applicationId, firstHost);
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(user("user-bob")).isNotNull();
            assertThat(statuses()).containsExactly(HEAD + ":PARKED:FAILED",
                    "g1-users-user-events-0-2:PARKED:WAITING");
        });

        // Leaving the group hands the partition over at once, rather than after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(10)));
        streams.cleanUp();
        streams = start(servers, applicationId, secondHost);
        try (KafkaProducer<String, byte[]> producer = producer(servers)) {
            producer.send(event(profileUpdated(4, "fourth")));
        }
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(statuses()).containsExactly(
                HEAD + ":PARKED:FAILED", "g1-users-user-events-0-2:PARKED:WAITING",
                "g1-users-user-events-0-4:PARKED:WAITING"));
        assertThat(user(ADA).getLong("version")).isEqualTo(1);

        database.getCollection("projector_dlq").updateOne(Filters.eq("_id", HEAD),
                Updates.set("status", "SKIP_REQUESTED"));

        await().atMost(DEADLINE).untilAsserted(() -> assertThat(user(ADA).getLong("version")).isEqualTo(4));
        assertThat(user(ADA).get("profile", Document.class).getString("bio")).isEqualTo("fourth");
        assertThat(statuses()).containsExactly(HEAD + ":SKIPPED:FAILED", "g1-users-user-events-0-2:APPLIED:WAITING",
                "g1-users-user-events-0-4:APPLIED:WAITING");
        assertThat(deadLetterReasons(servers)).containsExactly("FAILED", "WAITING", "WAITING");
    }

    private KafkaStreams start(String servers, String applicationId, Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        ProjectorTopology.Sources sources = new ProjectorTopology.Sources("user-events", "session-events",
                "audit-events", "analysis-events", "threat-intel-events", URI.create(REGISTRY), "projector-dlq");
        KafkaStreams started = new KafkaStreams(ProjectorTopology.build(sources, database,
                (projection, records, writes) -> { }, Clock.systemUTC()), config);
        started.start();
        return started;
    }

    private static KafkaProducer<String, byte[]> producer(String servers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<String, byte[]> event(UserEvent event) {
        byte[] bytes = AvroSerdes.specific(UserEvent.class, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY),
                false).serializer().serialize("user-events", event);
        return new ProducerRecord<>("user-events", event.getEnvelope().getAggregateId(), bytes);
    }

    private static UserEvent profileUpdated(long version, String bio) {
        return new UserEvent(envelope(ADA, version),
                UserProfileUpdated.newBuilder().setBio(bio).setTheme("dark").build());
    }

    private Document user(String id) {
        return database.getCollection("users").find(Filters.eq("_id", id)).first();
    }

    private List<String> statuses() {
        return database.getCollection("projector_dlq").find().sort(Sorts.ascending("offset"))
                .map(entry -> entry.getString("_id") + ":" + entry.getString("status") + ":"
                        + entry.getString("reason"))
                .into(new ArrayList<>());
    }

    private static List<String> deadLetterReasons(String servers) {
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("projector-dlq"));
            await().atMost(DEADLINE).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    reasons.add(new String(record.headers().lastHeader("phishnet.dlq.reason").value(),
                            StandardCharsets.UTF_8));
                }
                return reasons.size() >= 3;
            });
        }
        return reasons;
    }
}
