package dev.phishnet.projector.aggregates;

import static dev.phishnet.projector.aggregates.AggregateEvents.audit;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.aggregates.AggregateEvents.Analysis;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.projector.streams.FlushListener;
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

class AggregatesTopologyTest {

    private static final String REGISTRY = "mock://aggregates-topology-test";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-05T00:00:00Z"), ZoneOffset.UTC);
    /** The last second of 1 March and the first of 2 March, UTC. */
    private static final Instant LATE_MARCH_1 = Instant.parse("2026-03-01T23:59:59Z");
    private static final Instant EARLY_MARCH_2 = Instant.parse("2026-03-02T00:00:00Z");

    private static MongoServer server;
    private static MongoClient client;

    @TempDir
    Path stateDir;

    private MongoDatabase database;
    private TopologyTestDriver driver;
    private TestInputTopic<String, AnalysisEvent> analysisEvents;
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
        database = client.getDatabase("aggregates-" + System.nanoTime());
        driver = startDriver(stateDir);
    }

    private TopologyTestDriver startDriver(Path stateDirectory) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "aggregates-test");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        TopologyTestDriver started = new TopologyTestDriver(AggregatesTopology.build(
                new AggregatesTopology.Sources("analysis-events", "audit-events", URI.create(REGISTRY)),
                database, FlushListener.NONE, CLOCK), config);
        Map<String, String> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY);
        analysisEvents = started.createInputTopic("analysis-events", new StringSerializer(),
                AvroSerdes.specific(AnalysisEvent.class, serde, false).serializer());
        auditEvents = started.createInputTopic("audit-events", new StringSerializer(),
                AvroSerdes.specific(AuditEvent.class, serde, false).serializer());
        return started;
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void analysesAreCountedByStatusFinalLevelAndUtcDayForTheirUserAndTheirTenant() {
        Analysis high = Analysis.of("acme", "ada", LATE_MARCH_1);
        Analysis failed = Analysis.of("acme", "ada", LATE_MARCH_1);
        Analysis pending = Analysis.of("acme", "ada", LATE_MARCH_1);
        Analysis safeNextDay = Analysis.of("acme", "ada", EARLY_MARCH_2);
        Analysis gracesHigh = Analysis.of("acme", "grace", LATE_MARCH_1);

        pipe(high.requested(), failed.requested(), pending.requested(), safeNextDay.requested(),
                gracesHigh.requested(), high.matched(2), pending.matched(2), high.completed(3, ThreatLevel.HIGH),
                failed.failed(2), safeNextDay.completed(2, ThreatLevel.SAFE), gracesHigh.completed(2, ThreatLevel.HIGH));

        assertThat(stats("acme|ada|2026-03-01")).isEqualTo(new AnalysisCounts(3, 1, 1, 1, 0, 0, 0, 1, 0));
        assertThat(stats("acme|ada|2026-03-02")).isEqualTo(new AnalysisCounts(1, 0, 1, 0, 1, 0, 0, 0, 0));
        assertThat(stats("acme|grace|2026-03-01")).isEqualTo(new AnalysisCounts(1, 0, 1, 0, 0, 0, 0, 1, 0));
        assertThat(stats("acme|*|2026-03-01")).isEqualTo(new AnalysisCounts(4, 1, 2, 1, 0, 0, 0, 2, 0));
        assertThat(stats("acme|*|2026-03-02")).isEqualTo(new AnalysisCounts(1, 0, 1, 0, 1, 0, 0, 0, 0));

        Document users = document("analysis_stats", "acme|ada|2026-03-01");
        assertThat(users.getString("tenantId")).isEqualTo("acme");
        assertThat(users.getString("userId")).isEqualTo("ada");
        assertThat(users.getString("day")).isEqualTo("2026-03-01");
        assertThat(users.get("parts", Document.class).get("0", Document.class).get("byThreatLevel", Document.class))
                .containsEntry("high", 1L).containsEntry("critical", 0L);
        Document tenants = document("analysis_stats", "acme|*|2026-03-01");
        assertThat(tenants.containsKey("userId")).isTrue();
        assertThat(tenants.getString("userId")).isNull();
    }

    @Test
    void aRedeliveredEventIsNotCountedTwice() {
        Analysis analysis = Analysis.of("acme", "ada", LATE_MARCH_1);

        pipe(analysis.requested(), analysis.completed(2, ThreatLevel.CRITICAL));
        pipe(analysis.requested(), analysis.completed(2, ThreatLevel.CRITICAL), analysis.failed(2));

        assertThat(stats("acme|ada|2026-03-01")).isEqualTo(new AnalysisCounts(1, 0, 1, 0, 0, 0, 0, 0, 1));
        assertThat(stats("acme|*|2026-03-01")).isEqualTo(new AnalysisCounts(1, 0, 1, 0, 0, 0, 0, 0, 1));
    }

    @Test
    void aPurgedAnalysisStaysCountedAndTheSameEmailRequestedAgainCountsAsANewAnalysis() {
        Analysis analysis = Analysis.of("acme", "ada", LATE_MARCH_1);

        pipe(analysis.requested(), analysis.completed(2, ThreatLevel.LOW), analysis.purged(3));
        assertThat(stats("acme|ada|2026-03-01")).isEqualTo(new AnalysisCounts(1, 0, 1, 0, 0, 1, 0, 0, 0));

        // The processor forgot it too: a new request of the same email starts the same id again at version 1.
        pipe(analysis.requested());
        assertThat(stats("acme|ada|2026-03-01")).isEqualTo(new AnalysisCounts(2, 1, 1, 0, 0, 1, 0, 0, 0));
    }

    @Test
    void tenantsAreCountedApartEvenForTheSameUserId() {
        pipe(Analysis.of("acme", "ada", LATE_MARCH_1).requested(), Analysis.of("globex", "ada", LATE_MARCH_1)
                .requested(), Analysis.of("globex", "ada", LATE_MARCH_1).requested());

        assertThat(stats("acme|ada|2026-03-01").total()).isEqualTo(1);
        assertThat(stats("acme|*|2026-03-01").total()).isEqualTo(1);
        assertThat(stats("globex|ada|2026-03-01").total()).isEqualTo(2);
        assertThat(stats("globex|*|2026-03-01").total()).isEqualTo(2);
    }

    @Test
    void aReplayAfterACrashWritesTheSameValuesAndNeverTakesAPartBack(@TempDir Path freshStateDir) {
        Analysis analysis = Analysis.of("acme", "ada", LATE_MARCH_1);
        List<AnalysisEvent> events = List.of(analysis.requested(), Analysis.of("acme", "ada", LATE_MARCH_1)
                .requested(), analysis.completed(2, ThreatLevel.MEDIUM));
        pipe(events.toArray(AnalysisEvent[]::new));
        Document flushed = document("analysis_stats", "acme|ada|2026-03-01");
        driver.close();

        // As if the process died after MongoDB received the flush but before Kafka committed: the stores are back
        // to the last commit (here: empty), and the records since are delivered again, flushed in smaller batches.
        driver = startDriver(freshStateDir);
        pipe(events.get(0));
        assertThat(document("analysis_stats", "acme|ada|2026-03-01")).isEqualTo(flushed);
        pipe(events.get(1), events.get(2));

        assertThat(document("analysis_stats", "acme|ada|2026-03-01")).isEqualTo(flushed);
        assertThat(stats("acme|ada|2026-03-01")).isEqualTo(new AnalysisCounts(2, 1, 1, 0, 0, 0, 1, 0, 0));
    }

    @Test
    void usersCallsAreCountedPerUtcDayAndActionAcceptedOrRejected() {
        auditEvents.pipeInput("r", audit("acme", "ada", "analysis.request", LATE_MARCH_1));
        auditEvents.pipeInput("r", audit("acme", "ada", "analysis.request", LATE_MARCH_1.minusSeconds(60)));
        auditEvents.pipeInput("r", audit("acme", ActorKind.USER, "ada", "user.update-profile", AuditOutcome.REJECTED,
                LATE_MARCH_1));
        auditEvents.pipeInput("r", audit("acme", "ada", "analysis.request", EARLY_MARCH_2));
        auditEvents.pipeInput("r", audit("acme", "grace", "analysis.request", LATE_MARCH_1));

        assertThat(usage("acme|ada|2026-03-01")).isEqualTo(new UsageCounts(3,
                new java.util.TreeMap<>(Map.of("analysis.request", 2L, "user.update-profile", 1L))));
        assertThat(usage("acme|ada|2026-03-02")).isEqualTo(new UsageCounts(1,
                new java.util.TreeMap<>(Map.of("analysis.request", 1L))));
        assertThat(usage("acme|grace|2026-03-01").total()).isEqualTo(1);
        Document stored = document("api_usage", "acme|ada|2026-03-01");
        assertThat(stored.getString("userId")).isEqualTo("ada");
        assertThat(stored.getString("day")).isEqualTo("2026-03-01");
        assertThat(stored.get("parts", Document.class).get("0", Document.class).getList("byAction", Document.class))
                .containsExactly(new Document("action", "analysis.request").append("count", 2L),
                        new Document("action", "user.update-profile").append("count", 1L));
    }

    @Test
    void callsOfServicesTheSystemAndAnonymousCallersAreNoUsersUsage() {
        auditEvents.pipeInput("r", audit("acme", ActorKind.SERVICE, "analyzer", "analysis.complete",
                AuditOutcome.ACCEPTED, LATE_MARCH_1));
        auditEvents.pipeInput("r", audit("acme", ActorKind.SYSTEM, "cleanup-worker", "retention.run",
                AuditOutcome.ACCEPTED, LATE_MARCH_1));
        auditEvents.pipeInput("r", audit("acme", ActorKind.ANONYMOUS, null, "auth.login", AuditOutcome.REJECTED,
                LATE_MARCH_1));

        assertThat(database.getCollection("api_usage").countDocuments()).isZero();
        assertThat(checkpoint("api_usage:audit-events:0")).isEqualTo(3);
    }

    @Test
    void usageOfTheSameUserIdInTwoTenantsIsKeptApart() {
        auditEvents.pipeInput("r", audit("acme", "ada", "analysis.request", LATE_MARCH_1));
        auditEvents.pipeInput("r", audit("globex", "ada", "analysis.request", LATE_MARCH_1));
        auditEvents.pipeInput("r", audit("globex", "ada", "analysis.request", LATE_MARCH_1));

        assertThat(usage("acme|ada|2026-03-01").total()).isEqualTo(1);
        assertThat(usage("globex|ada|2026-03-01").total()).isEqualTo(2);
        assertThat(document("api_usage", "globex|ada|2026-03-01").getString("tenantId")).isEqualTo("globex");
    }

    @Test
    void eachViewCheckpointsTheNextOffsetItApplied() {
        Analysis analysis = Analysis.of("acme", "ada", LATE_MARCH_1);
        pipe(analysis.requested(), analysis.matched(2));
        auditEvents.pipeInput("r", audit("acme", "ada", "analysis.request", LATE_MARCH_1));

        assertThat(checkpoint("analysis_stats:analysis-events:0")).isEqualTo(2);
        assertThat(checkpoint("api_usage:audit-events:0")).isEqualTo(1);
    }

    private void pipe(AnalysisEvent... events) {
        for (AnalysisEvent event : events) {
            analysisEvents.pipeInput(event.getEnvelope().getAggregateId(), event);
        }
    }

    private AnalysisCounts stats(String id) {
        Document parts = document("analysis_stats", id).get("parts", Document.class);
        assertThat(parts.keySet()).containsExactly("0");
        return AnalysisCounts.fromDocument(parts.get("0", Document.class));
    }

    private UsageCounts usage(String id) {
        Document parts = document("api_usage", id).get("parts", Document.class);
        assertThat(parts.keySet()).containsExactly("0");
        return UsageCounts.fromDocument(parts.get("0", Document.class));
    }

    private Document document(String collection, String id) {
        Document document = database.getCollection(collection).find(Filters.eq("_id", id)).first();
        assertThat(document).as(collection + " " + id).isNotNull();
        return document;
    }

    private long checkpoint(String id) {
        return document("projection_checkpoints", id).getLong("offset");
    }

}
