package dev.phishnet.projector.streams;

import static dev.phishnet.projector.testing.Events.sessionLoggedOut;
import static dev.phishnet.projector.testing.Events.sessionStarted;
import static dev.phishnet.projector.testing.Events.sessionsPurged;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.retention.RetentionJob;
import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.schemas.session.SessionEvent;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What retention's events do to the read models: purged sessions go, a recorded run leaves a durable purge job. */
class RetentionProjectionTest {

    private static final String REGISTRY = "mock://retention-projection-test";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);
    private static final Instant CUTOFF = Instant.parse("2025-11-05T00:00:00Z");

    private static MongoServer server;
    private static MongoClient client;

    @TempDir
    Path stateDir;

    private MongoDatabase database;
    private TopologyTestDriver driver;
    private TestInputTopic<String, SessionEvent> sessionEvents;
    private TestInputTopic<String, AuditEvent> auditEvents;

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
        database = client.getDatabase("retention-" + System.nanoTime());
        ProjectorTopology.Sources sources = new ProjectorTopology.Sources("user-events", "session-events",
                "audit-events", "analysis-events", "threat-intel-events", URI.create(REGISTRY));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "retention-projection-test");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ProjectorTopology.build(sources, database, FlushListener.NONE, CLOCK),
                config);
        Map<String, String> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY);
        sessionEvents = driver.createInputTopic("session-events", new StringSerializer(),
                AvroSerdes.specific(SessionEvent.class, serde, false).serializer());
        auditEvents = driver.createInputTopic("audit-events", new StringSerializer(),
                AvroSerdes.specific(AuditEvent.class, serde, false).serializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void purgedSessionsLeaveTheReadModelAndOthersStay() {
        pipe(sessionStarted("s1", 1), sessionStarted("s2", 2), sessionStarted("live", 3), sessionLoggedOut("s1", 4),
                sessionLoggedOut("s2", 5));

        pipe(sessionsPurged(6, "s1", "s2"));

        assertThat(sessionIds()).containsExactly("live");
    }

    @Test
    void aReplayOfThePurgedSessionsEventsEndsWithThemPurgedAgain() {
        SessionEvent[] events = {sessionStarted("s1", 1), sessionLoggedOut("s1", 2), sessionsPurged(3, "s1")};
        pipe(events);

        pipe(events);
        pipe(events[1]);

        assertThat(sessionIds()).isEmpty();
    }

    @Test
    void aRecordedRetentionRunLeavesAPendingAuditLogsPurgeJobOfItsTenant() {
        auditEvents.pipeInput("tenant-a", Events.retentionRun("run-1", "tenant-a", CUTOFF));

        Document job = job("tenant-a|audit_logs");
        assertThat(job.getString("tenantId")).isEqualTo("tenant-a");
        assertThat(job.getString("collection")).isEqualTo("audit_logs");
        assertThat(job.getDate("cutoff").toInstant()).isEqualTo(CUTOFF);
        assertThat(job.getString("status")).isEqualTo(RetentionJob.PENDING);
        assertThat(job.getString("runId")).isEqualTo("run-run-1");
        // The run is an audit entry like any other.
        assertThat(database.getCollection("audit_logs").countDocuments(Filters.eq("action", "retention.run")))
                .isOne();
    }

    @Test
    void aJobsCutoffOnlyMovesForwardAndAMoveMakesAFinishedJobPendingAgain() {
        auditEvents.pipeInput("tenant-a", Events.retentionRun("run-1", "tenant-a", CUTOFF));
        database.getCollection(RetentionJob.COLLECTION).updateOne(Filters.eq("_id", "tenant-a|audit_logs"),
                new Document("$set", new Document("status", RetentionJob.DONE)));

        auditEvents.pipeInput("tenant-a", Events.retentionRun("run-0", "tenant-a", CUTOFF.minusSeconds(86_400)));
        assertThat(job("tenant-a|audit_logs").getDate("cutoff").toInstant()).isEqualTo(CUTOFF);
        assertThat(job("tenant-a|audit_logs").getString("status")).isEqualTo(RetentionJob.DONE);

        Instant later = CUTOFF.plusSeconds(86_400);
        auditEvents.pipeInput("tenant-a", Events.retentionRun("run-2", "tenant-a", later));
        assertThat(job("tenant-a|audit_logs").getDate("cutoff").toInstant()).isEqualTo(later);
        assertThat(job("tenant-a|audit_logs").getString("status")).isEqualTo(RetentionJob.PENDING);
    }

    @Test
    void aRunWhoseCutoffLiesAfterTheRunItselfPurgesOnlyWhatCameBeforeTheRun() {
        AuditEvent ahead = Events.retentionRun("run-1", "tenant-a", Instant.parse("2027-01-01T00:00:00Z"));

        auditEvents.pipeInput("tenant-a", ahead);

        assertThat(job("tenant-a|audit_logs").getDate("cutoff").toInstant()).as("a worker clock running ahead")
                .isEqualTo(ahead.getEnvelope().getOccurredAt());
    }

    @Test
    void otherAuditEventsAndRejectedRunsMakeNoJob() {
        auditEvents.pipeInput(Events.USER, Events.audit("evt-1", "user.register", AuditOutcome.ACCEPTED));
        AuditEvent rejected = AuditEvent.newBuilder(Events.retentionRun("run-1", "tenant-a", CUTOFF))
                .setOutcome(AuditOutcome.REJECTED).setReason("INVALID: no").build();
        auditEvents.pipeInput("tenant-a", rejected);

        assertThat(database.getCollection(RetentionJob.COLLECTION).countDocuments()).isZero();
        assertThat(database.getCollection("audit_logs").countDocuments()).isEqualTo(2);
    }

    private void pipe(SessionEvent... events) {
        for (SessionEvent event : events) {
            sessionEvents.pipeInput(event.getEnvelope().getAggregateId(), event);
        }
    }

    private List<String> sessionIds() {
        List<String> ids = new ArrayList<>();
        database.getCollection("sessions").find().forEach(session -> ids.add(session.getString("_id")));
        return ids;
    }

    private Document job(String id) {
        return database.getCollection(RetentionJob.COLLECTION).find(Filters.eq("_id", id)).first();
    }
}
