package dev.phishnet.projector.streams;

import static dev.phishnet.projector.testing.Events.SESSION;
import static dev.phishnet.projector.testing.Events.addressLockedOut;
import static dev.phishnet.projector.testing.Events.loginFailed;
import static dev.phishnet.projector.testing.Events.profileUpdated;
import static dev.phishnet.projector.testing.Events.registered;
import static dev.phishnet.projector.testing.Events.securitySettingsChanged;
import static dev.phishnet.projector.testing.Events.sessionRefreshed;
import static dev.phishnet.projector.testing.Events.sessionRevoked;
import static dev.phishnet.projector.testing.Events.sessionStarted;
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
import dev.phishnet.projector.session.SessionDocuments;
import dev.phishnet.projector.session.SessionView;
import dev.phishnet.projector.testing.Events;
import dev.phishnet.projector.user.UserDocuments;
import dev.phishnet.projector.user.UserView;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.user.UserEvent;
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

class ProjectorTopologyTest {

    private static final String REGISTRY = "mock://projector-topology-test";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);

    private static MongoServer server;
    private static MongoClient client;

    @TempDir
    Path stateDir;

    private MongoDatabase database;
    private final List<String> flushes = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, UserEvent> userEvents;
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
        database = client.getDatabase("projector-" + System.nanoTime());
        driver = startDriver(stateDir);
    }

    private TopologyTestDriver startDriver(Path stateDirectory) {
        ProjectorTopology.Sources sources = new ProjectorTopology.Sources("user-events", "session-events",
                "audit-events", "analysis-events", "threat-intel-events", URI.create(REGISTRY));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "projector-test");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        TopologyTestDriver started = new TopologyTestDriver(ProjectorTopology.build(sources, database,
                (projection, records, writes) -> flushes.add(projection + ":" + records + ":" + writes), CLOCK),
                config);
        Map<String, String> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY);
        userEvents = started.createInputTopic("user-events", new StringSerializer(),
                AvroSerdes.specific(UserEvent.class, serde, false).serializer());
        sessionEvents = started.createInputTopic("session-events", new StringSerializer(),
                AvroSerdes.specific(SessionEvent.class, serde, false).serializer());
        auditEvents = started.createInputTopic("audit-events", new StringSerializer(),
                AvroSerdes.specific(AuditEvent.class, serde, false).serializer());
        return started;
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void registrationThenProfileUpdateMakeOneUserDocumentAtVersionTwoWithoutPasswordHash() {
        pipe(registered(), profileUpdated(2, "analyst", "dark"));

        List<Document> users = database.getCollection("users").find().into(new ArrayList<>());
        assertThat(users).hasSize(1);
        Document user = users.get(0);
        assertThat(user.getString("_id")).isEqualTo(Events.USER);
        assertThat(user.getLong("version")).isEqualTo(2);
        assertThat(user.getString("email")).isEqualTo("ada@example.com");
        assertThat(user.get("profile", Document.class).getString("bio")).isEqualTo("analyst");
        assertThat(user.get("profile", Document.class).getString("theme")).isEqualTo("dark");
        assertThat(user.toJson()).doesNotContain("argon2", "passwordHash");
    }

    @Test
    void eachRecordIsFlushedToMongoBeforeTheDriverCommits() {
        pipe(registered());

        assertThat(flushes).containsExactly("users:1:1");
        assertThat(user().getLong("version")).isEqualTo(1);
    }

    @Test
    void redeliveringTheSameEventsChangesNothing() {
        pipe(registered(), profileUpdated(2, "analyst", "dark"));
        Document before = user();

        pipe(registered(), profileUpdated(2, "analyst", "dark"));

        assertThat(user()).isEqualTo(before);
        assertThat(database.getCollection("users").countDocuments()).isOne();
    }

    @Test
    void aReplayFromAnEmptyLocalStoreLeavesNewerDocumentsAlone(@TempDir Path freshStateDir) {
        pipe(registered(), profileUpdated(2, "analyst", "dark"));
        Document latest = user();
        driver.close();

        // A new instance without the local views: version 1 alone must not overwrite version 2 in MongoDB.
        driver = startDriver(freshStateDir);
        pipe(registered());

        assertThat(user()).isEqualTo(latest);
    }

    @Test
    void aLocalStoreAheadOfMongoIsBroughtUpToItByTheRedeliveredEvents() {
        pipe(registered(), profileUpdated(2, "analyst", "dark"));
        Document latest = user();
        // As if the process died after its store kept version 2 but before MongoDB received it.
        database.getCollection("users").replaceOne(Filters.eq("_id", Events.USER),
                UserDocuments.toDocument(UserView.project(null, registered())));

        pipe(registered(), profileUpdated(2, "analyst", "dark"));

        assertThat(user()).isEqualTo(latest);
    }

    @Test
    void eachAuditEventMakesOneEntryAndDuplicatesAreIgnored() {
        AuditEvent accepted = Events.audit("evt-1", "user.register", AuditOutcome.ACCEPTED);
        AuditEvent rejected = Events.audit("evt-2", "user.register", AuditOutcome.REJECTED);

        auditEvents.pipeInput(Events.USER, accepted);
        auditEvents.pipeInput(Events.USER, rejected);
        auditEvents.pipeInput(Events.USER, accepted);

        List<Document> entries = database.getCollection("audit_logs").find().into(new ArrayList<>());
        assertThat(entries).extracting(entry -> entry.getString("_id")).containsExactlyInAnyOrder("evt-1", "evt-2");
        Document rejection = database.getCollection("audit_logs").find(Filters.eq("_id", "evt-2")).first();
        assertThat(rejection.getString("reason")).startsWith("CONFLICT");
    }

    @Test
    void checkpointsSayTheNextOffsetOfEachProjectionAndPartitionAfterTheData() {
        pipe(registered(), profileUpdated(2, "analyst", "dark"));
        auditEvents.pipeInput(Events.USER, Events.audit("evt-1", "user.register", AuditOutcome.ACCEPTED));

        Map<String, Document> checkpoints = new java.util.HashMap<>();
        database.getCollection("projection_checkpoints").find()
                .forEach(checkpoint -> checkpoints.put(checkpoint.getString("_id"), checkpoint));
        assertThat(checkpoints).containsOnlyKeys("users:user-events:0", "audit_logs:audit-events:0");
        assertThat(checkpoints.get("users:user-events:0").getLong("offset")).isEqualTo(2);
        assertThat(checkpoints.get("audit_logs:audit-events:0").getLong("offset")).isEqualTo(1);
        assertThat(checkpoints.get("users:user-events:0").getDate("updatedAt").toInstant())
                .isEqualTo(CLOCK.instant());
    }

    @Test
    void aStartThenARevocationMakeOneEndedSessionDocumentWithoutTheRefreshTokenHash() {
        pipe(sessionStarted(SESSION, 1), sessionRevoked(SESSION, 2, RevocationReason.REVOKED));

        List<Document> sessions = database.getCollection("sessions").find().into(new ArrayList<>());
        assertThat(sessions).hasSize(1);
        Document session = sessions.get(0);
        assertThat(session.getString("_id")).isEqualTo(SESSION);
        assertThat(session.getString("userId")).isEqualTo(Events.USER);
        assertThat(session.getString("tenantId")).isEqualTo("tenant-a");
        assertThat(session.getString("status")).isEqualTo("ENDED");
        assertThat(session.getString("endReason")).isEqualTo("REVOKED");
        assertThat(session.getDate("endedAt").toInstant()).isEqualTo(Events.T0.plusSeconds(2));
        assertThat(session.getDate("createdAt").toInstant()).isEqualTo(Events.T0.plusSeconds(1));
        assertThat(session.getString("method")).isEqualTo("PASSWORD");
        assertThat(session.getString("ip")).isEqualTo(Events.START_IP);
        assertThat(session.getString("browser")).isEqualTo("Firefox");
        assertThat(session.getLong("version")).isEqualTo(2);
        assertThat(session.toJson()).doesNotContain(Events.REFRESH_TOKEN_HASH, "Hash");
    }

    @Test
    void eachSessionOfAUserMovesForwardByItsOwnEventsOnly() {
        // The user's session versions are shared: session-1 has 1 and 3, session-2 has 2 and 4.
        pipe(sessionStarted(SESSION, 1), sessionStarted("session-2", 2),
                sessionRefreshed(SESSION, 3, "198.51.100.9"), sessionRevoked("session-2", 4, RevocationReason.REVOKED));

        Document first = session(SESSION);
        assertThat(first.getString("status")).isEqualTo("ACTIVE");
        assertThat(first.getLong("version")).isEqualTo(3);
        assertThat(first.getInteger("refreshCount")).isEqualTo(1);
        assertThat(first.getString("lastIp")).isEqualTo("198.51.100.9");
        assertThat(first.getDate("lastSeenAt").toInstant()).isEqualTo(Events.T0.plusSeconds(3));
        Document second = session("session-2");
        assertThat(second.getString("status")).isEqualTo("ENDED");
        assertThat(second.getLong("version")).isEqualTo(4);
    }

    @Test
    void redeliveringTheSameSessionEventsChangesNothing() {
        SessionEvent[] events = {sessionStarted(SESSION, 1), sessionRefreshed(SESSION, 2, "198.51.100.9"),
                sessionRevoked(SESSION, 3, RevocationReason.ALL_REVOKED)};
        pipe(events);
        Document before = session(SESSION);

        pipe(events);
        pipe(events[1]);

        assertThat(session(SESSION)).isEqualTo(before);
        assertThat(database.getCollection("sessions").countDocuments()).isOne();
    }

    @Test
    void aReplayFromAnEmptyLocalStoreLeavesNewerSessionDocumentsAlone(@TempDir Path freshStateDir) {
        pipe(sessionStarted(SESSION, 1), sessionRevoked(SESSION, 2, RevocationReason.REVOKED));
        Document ended = session(SESSION);
        driver.close();

        // A new instance without the local views: the start alone must not make the ended session active again.
        driver = startDriver(freshStateDir);
        pipe(sessionStarted(SESSION, 1));

        assertThat(session(SESSION)).isEqualTo(ended);
    }

    @Test
    void aLocalStoreAheadOfMongoIsBroughtUpToItByTheRedeliveredSessionEvents() {
        SessionEvent[] events = {sessionStarted(SESSION, 1), sessionRevoked(SESSION, 2, RevocationReason.REVOKED)};
        pipe(events);
        Document ended = session(SESSION);
        // As if the process died after its store kept the end but before MongoDB received it.
        database.getCollection("sessions").replaceOne(Filters.eq("_id", SESSION),
                SessionDocuments.toDocument(SessionView.project(null, events[0])));

        pipe(events);

        assertThat(session(SESSION)).isEqualTo(ended);
    }

    @Test
    void failedLoginsAndAddressLockoutsMakeNoSessionButMoveTheCheckpoints() {
        sessionEvents.pipeInput("ip:198.51.100.66", addressLockedOut("198.51.100.66"));
        pipe(loginFailed(1));

        assertThat(database.getCollection("sessions").countDocuments()).isZero();
        // The failure counts as a version of the user's sessions, kept outside every tenant until the user is there.
        assertThat(database.getCollection("users").find().into(new java.util.ArrayList<>()))
                .containsExactly(new Document("_id", Events.USER).append("sessionsVersion", 1L));
        assertThat(checkpointOffset("sessions:session-events:0")).isEqualTo(2);
        assertThat(checkpointOffset("users:session-events:0")).isEqualTo(2);
    }

    @Test
    void securitySettingsGoOntoTheUsersDocumentOnlyForwardAndSurviveItsUpdates() {
        pipe(registered());
        pipe(securitySettingsChanged(2, 3), securitySettingsChanged(4, 5));
        pipe(securitySettingsChanged(3, 4));
        pipe(profileUpdated(2, "analyst", "dark"));

        Document user = user();
        assertThat(user.getLong("version")).isEqualTo(2);
        assertThat(user.get("profile", Document.class).getString("bio")).isEqualTo("analyst");
        assertThat(user.getLong("securityVersion")).isEqualTo(4);
        assertThat(user.get("security", Document.class)).isEqualTo(new Document("maxSessions", 5)
                .append("idleTimeoutMinutes", 15)
                .append("absoluteTimeoutHours", null)
                .append("ipAllowList", List.of("203.0.113.0/24"))
                .append("alertOnNewDevice", true));
    }

    @Test
    void theUsersDocumentKnowsHowFarItsSessionsAreProjectedOnlyForward() {
        pipe(registered());
        pipe(sessionStarted(SESSION, 1), sessionRevoked(SESSION, 3, RevocationReason.REVOKED));
        pipe(sessionRefreshed(SESSION, 2, "198.51.100.9"));

        assertThat(user().getLong("sessionsVersion")).isEqualTo(3);
        assertThat(user().getLong("version")).as("the user's own version is another counter").isEqualTo(1);
    }

    @Test
    void securitySettingsReadBeforeTheRegistrationWaitOutsideEveryTenantAndAreKept() {
        pipe(securitySettingsChanged(2, 3));
        assertThat(user()).doesNotContainKey("tenantId");

        pipe(registered());

        Document user = user();
        assertThat(user.getString("tenantId")).isEqualTo("tenant-a");
        assertThat(user.getString("email")).isEqualTo("ada@example.com");
        assertThat(user.getLong("version")).isEqualTo(1);
        assertThat(user.get("security", Document.class).getInteger("maxSessions")).isEqualTo(3);
    }

    private void pipe(SessionEvent... events) {
        for (SessionEvent event : events) {
            sessionEvents.pipeInput(event.getEnvelope().getAggregateId(), event);
        }
    }

    private Document session(String sessionId) {
        return database.getCollection("sessions").find(Filters.eq("_id", sessionId)).first();
    }

    private long checkpointOffset(String id) {
        Document checkpoint = database.getCollection("projection_checkpoints").find(Filters.eq("_id", id)).first();
        assertThat(checkpoint).isNotNull();
        return checkpoint.getLong("offset");
    }

    private void pipe(UserEvent... events) {
        for (UserEvent event : events) {
            userEvents.pipeInput(event.getEnvelope().getAggregateId(), event);
        }
    }

    private Document user() {
        return database.getCollection("users").find(Filters.eq("_id", Events.USER)).first();
    }
}
