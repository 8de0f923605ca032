package dev.phishnet.projector.streams;

import static dev.phishnet.projector.testing.Events.envelope;
import static dev.phishnet.projector.testing.Events.registered;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Poison events in the projector's topology: parked, the others flowing, the key's later events waiting. */
class ParkedEventsTest {

    private static final String REGISTRY = "mock://parked-events-test";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);
    private static final byte[] MALFORMED = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
    private static final String ADA = "user-ada";
    private static final String BOB = "user-bob";
    private static final String POISON = "g1-users-user-events-0-1";

    private static MongoServer server;
    private static MongoClient client;

    @TempDir
    Path stateDir;

    private MongoDatabase database;
    private TopologyTestDriver driver;
    private TestInputTopic<String, UserEvent> userEvents;
    private TestInputTopic<String, byte[]> rawUserEvents;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeAll
    static void startMongo() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    @AfterAll
    static void stopMongo() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void startDriver() {
        database = client.getDatabase("parked-" + System.nanoTime());
        driver = startDriver(stateDir);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private TopologyTestDriver startDriver(Path stateDirectory) {
        ProjectorTopology.Sources sources = new ProjectorTopology.Sources("user-events", "session-events",
                "audit-events", "analysis-events", "threat-intel-events", URI.create(REGISTRY), "projector-dlq");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "projector-test");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        TopologyTestDriver started = new TopologyTestDriver(
                ProjectorTopology.build(sources, database, (projection, records, writes) -> { }, CLOCK), config);
        userEvents = started.createInputTopic("user-events", new StringSerializer(),
                AvroSerdes.specific(UserEvent.class, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY), false)
                        .serializer());
        rawUserEvents = started.createInputTopic("user-events", new StringSerializer(), new ByteArraySerializer());
        deadLetters = started.createOutputTopic("projector-dlq", new StringDeserializer(),
                new ByteArrayDeserializer());
        return started;
    }

    @Test
    void aMalformedEventIsParkedWithItsErrorPositionAndPayloadWhileOtherUsersAreProjected() {
        pipe(registered(ADA, "ada@example.com"));
        rawUserEvents.pipeInput(ADA, MALFORMED);
        pipe(registered(BOB, "bob@example.com"));

        assertThat(user(BOB).getLong("version")).isEqualTo(1);
        Document entry = entry(POISON);
        assertThat(entry.getString("status")).isEqualTo("PARKED");
        assertThat(entry.getString("reason")).isEqualTo("FAILED");
        assertThat(entry.getInteger("generation")).isEqualTo(1);
        assertThat(entry.getString("projection")).isEqualTo("users");
        assertThat(entry.getString("topic")).isEqualTo("user-events");
        assertThat(entry.getInteger("partition")).isZero();
        assertThat(entry.getLong("offset")).isEqualTo(1);
        assertThat(entry.getString("key")).isEqualTo(ADA);
        assertThat(entry.getString("tenantId")).as("nothing decodable names a tenant").isNull();
        assertThat(entry.getInteger("attempts")).isEqualTo(1);
        assertThat(entry.getString("errorClass")).endsWith("Exception");
        assertThat(entry.getString("error")).isNotBlank();
        assertThat(Base64.getDecoder().decode(entry.getString("payload"))).isEqualTo(MALFORMED);
        assertThat(entry.getDate("parkedAt")).isEqualTo(Date.from(CLOCK.instant()));

        TestRecord<String, byte[]> copy = deadLetters.readRecord();
        assertThat(copy.key()).isEqualTo(ADA);
        assertThat(copy.value()).isEqualTo(MALFORMED);
        assertThat(header(copy, "id")).isEqualTo(POISON);
        assertThat(header(copy, "generation")).isEqualTo("1");
        assertThat(header(copy, "projection")).isEqualTo("users");
        assertThat(header(copy, "topic")).isEqualTo("user-events");
        assertThat(header(copy, "partition")).isEqualTo("0");
        assertThat(header(copy, "offset")).isEqualTo("1");
        assertThat(header(copy, "reason")).isEqualTo("FAILED");
        assertThat(header(copy, "error-class")).isEqualTo(entry.getString("errorClass"));
        assertThat(header(copy, "error")).isEqualTo(entry.getString("error"));
        assertThat(header(copy, "parked-at")).isEqualTo(CLOCK.instant().toString());
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void laterEventsOfTheParkedUserWaitBehindItInOrder() {
        pipe(registered(ADA, "ada@example.com"));
        rawUserEvents.pipeInput(ADA, MALFORMED);
        pipe(profileUpdated(ADA, 3, "third"), profileUpdated(ADA, 4, "fourth"));

        assertThat(user(ADA).getLong("version")).isEqualTo(1);
        assertThat(entries()).extracting(entry -> entry.getString("_id") + ":" + entry.getString("reason")
                + ":" + entry.getString("tenantId")).containsExactly(POISON + ":FAILED:null",
                "g1-users-user-events-0-2:WAITING:tenant-a", "g1-users-user-events-0-3:WAITING:tenant-a");
        assertThat(deadLetters.readRecordsToList()).extracting(copy -> header(copy, "reason"))
                .containsExactly("FAILED", "WAITING", "WAITING");
    }

    @Test
    void skippingTheHeadAppliesTheWaitingEventsInOrderAndFreesTheUser() {
        pipe(registered(ADA, "ada@example.com"));
        rawUserEvents.pipeInput(ADA, MALFORMED);
        pipe(profileUpdated(ADA, 3, "third"), profileUpdated(ADA, 4, "fourth"));

        request(POISON, "SKIP_REQUESTED");
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(user(ADA).getLong("version")).isEqualTo(4);
        assertThat(user(ADA).get("profile", Document.class).getString("bio")).isEqualTo("fourth");
        assertThat(entries()).extracting(entry -> entry.getString("status"))
                .containsExactly("SKIPPED", "APPLIED", "APPLIED");
        assertThat(entry(POISON).getDate("resolvedAt")).isEqualTo(Date.from(CLOCK.instant()));

        pipe(profileUpdated(ADA, 5, "fifth"));
        assertThat(user(ADA).getLong("version")).as("nothing parked holds the user back any more").isEqualTo(5);
        assertThat(entries()).hasSize(3);
    }

    @Test
    void aRetryThatFailsAgainKeepsTheEventParkedWithOneMoreAttemptAndTheOthersWaiting() {
        rawUserEvents.pipeInput(ADA, new byte[0]);
        rawUserEvents.pipeInput(ADA, MALFORMED);
        String head = "g1-users-user-events-0-0";

        request(head, "RETRY_REQUESTED");
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        Document entry = entry(head);
        assertThat(entry.getString("status")).isEqualTo("PARKED");
        assertThat(entry.getInteger("attempts")).isEqualTo(2);
        assertThat(entry.getDate("resolvedAt")).isNull();
        assertThat(entry("g1-users-user-events-0-1").getString("reason")).isEqualTo("WAITING");
        assertThat(entry("g1-users-user-events-0-1").getString("status")).isEqualTo("PARKED");

        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(entry(head).getInteger("attempts")).as("a request is carried out once").isEqualTo(2);
    }

    @Test
    void aWaitingEventThatFailsOnReleaseBecomesTheNewHead() {
        rawUserEvents.pipeInput(ADA, new byte[0]);
        rawUserEvents.pipeInput(ADA, MALFORMED);
        pipe(registered(ADA, "ada@example.com"));

        request("g1-users-user-events-0-0", "SKIP_REQUESTED");
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        Document newHead = entry("g1-users-user-events-0-1");
        assertThat(newHead.getString("status")).isEqualTo("PARKED");
        assertThat(newHead.getString("reason")).isEqualTo("FAILED");
        assertThat(newHead.getInteger("attempts")).isEqualTo(1);
        assertThat(user(ADA)).as("the registration still waits behind the new head").isNull();

        request("g1-users-user-events-0-1", "SKIP_REQUESTED");
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(user(ADA).getLong("version")).isEqualTo(1);
    }

    private void request(String id, String status) {
        database.getCollection("projector_dlq").updateOne(Filters.eq("_id", id), Updates.combine(
                Updates.set("status", status), Updates.set("requestedBy", "operator-1")));
    }

    private static UserEvent profileUpdated(String userId, long version, String bio) {
        return new UserEvent(envelope(userId, version),
                UserProfileUpdated.newBuilder().setBio(bio).setTheme("dark").build());
    }

    private void pipe(UserEvent... events) {
        for (UserEvent event : events) {
            userEvents.pipeInput(event.getEnvelope().getAggregateId(), event);
        }
    }

    private Document user(String id) {
        return database.getCollection("users").find(Filters.eq("_id", id)).first();
    }

    private Document entry(String id) {
        Document entry = database.getCollection("projector_dlq").find(Filters.eq("_id", id)).first();
        assertThat(entry).as(id).isNotNull();
        return entry;
    }

    private List<Document> entries() {
        return database.getCollection("projector_dlq").find().sort(Sorts.ascending("offset"))
                .into(new ArrayList<>());
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader("phishnet.dlq." + name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
