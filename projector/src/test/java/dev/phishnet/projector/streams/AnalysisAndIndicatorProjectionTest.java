package dev.phishnet.projector.streams;

import static dev.phishnet.projector.testing.AnalysisEvents.ANALYSIS;
import static dev.phishnet.projector.testing.IndicatorEvents.INDICATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.testing.AnalysisEvents;
import dev.phishnet.projector.testing.Events;
import dev.phishnet.projector.testing.IndicatorEvents;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The email_analyses and threat_intelligence projections, through the whole topology into mongo-java-server. */
class AnalysisAndIndicatorProjectionTest {

    private static final String REGISTRY = "mock://analysis-indicator-projection-test";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);

    private static MongoServer server;
    private static MongoClient client;

    @TempDir
    Path stateDir;

    private MongoDatabase database;
    private TopologyTestDriver driver;
    private TestInputTopic<String, AnalysisEvent> analysisEvents;
    private TestInputTopic<String, ThreatIntelEvent> threatIntelEvents;

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
        TopologyTestDriver started = new TopologyTestDriver(
                ProjectorTopology.build(sources, database, (projection, records, writes) -> { }, CLOCK), config);
        Map<String, String> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY);
        analysisEvents = started.createInputTopic("analysis-events", new StringSerializer(),
                AvroSerdes.specific(AnalysisEvent.class, serde, false).serializer());
        threatIntelEvents = started.createInputTopic("threat-intel-events", new StringSerializer(),
                AvroSerdes.specific(ThreatIntelEvent.class, serde, false).serializer());
        return started;
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aRequestedThenMatchedThenCompletedAnalysisIsOneCompletedDocumentWithItsMatches() {
        pipe(AnalysisEvents.requested());
        assertThat(analysis().getString("status")).isEqualTo("pending");

        pipe(AnalysisEvents.matched(2), AnalysisEvents.completed(3, ThreatLevel.CRITICAL));

        Document analysis = analysis();
        assertThat(database.getCollection("email_analyses").countDocuments()).isOne();
        assertThat(analysis.getString("tenantId")).isEqualTo("tenant-a");
        assertThat(analysis.getString("userId")).isEqualTo(Events.USER);
        assertThat(analysis.getString("subject")).isEqualTo("Your invoice");
        assertThat(analysis.getDate("receivedAt").toInstant()).isEqualTo(AnalysisEvents.RECEIVED_AT);
        assertThat(analysis.getString("status")).isEqualTo("completed");
        assertThat(analysis.getString("threatLevel")).isEqualTo("critical");
        assertThat(analysis.getDouble("confidenceScore")).isEqualTo(0.97);
        assertThat(analysis.getList("detectedThreats", String.class)).containsExactly("credential-phishing");
        assertThat(analysis.getString("analyzerVersion")).isEqualTo("analyzer-2.1");
        assertThat(analysis.getString("preliminaryThreatLevel")).isEqualTo("high");
        assertThat(analysis.getString("verdictRule")).isEqualTo("indicators-v1");
        Document match = analysis.getList("matches", Document.class).get(0);
        assertThat(match.getString("field")).isEqualTo("sender_domain");
        assertThat(match.getString("indicatorId")).isEqualTo("indicator-1");
        assertThat(analysis.getDate("matchedAt").toInstant()).isEqualTo(Events.T0.plusSeconds(2));
        assertThat(analysis.getDate("completedAt").toInstant()).isEqualTo(Events.T0.plusSeconds(3));
        assertThat(analysis.getLong("version")).isEqualTo(3);
        assertThat(checkpointOffset("email_analyses:analysis-events:0")).isEqualTo(3);
    }

    @Test
    void aRedeliveredOlderAnalysisEventChangesNothing() {
        pipe(AnalysisEvents.requested(), AnalysisEvents.matched(2), AnalysisEvents.completed(3, ThreatLevel.HIGH));
        Document before = analysis();

        pipe(AnalysisEvents.matched(2));
        pipe(AnalysisEvents.requested(), AnalysisEvents.matched(2));

        assertThat(analysis()).isEqualTo(before);
    }

    @Test
    void aReplayFromAnEmptyLocalStoreLeavesANewerAnalysisDocumentAlone(@TempDir Path freshStateDir) {
        pipe(AnalysisEvents.requested(), AnalysisEvents.failed(2));
        Document failed = analysis();
        driver.close();

        driver = startDriver(freshStateDir);
        pipe(AnalysisEvents.requested());

        assertThat(analysis()).isEqualTo(failed);
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("failureReason")).isEqualTo("timeout");
    }

    @Test
    void aPurgeDeletesTheAnalysisAndItsViewSoThatARequestAfterwardsStartsAfresh() {
        pipe(AnalysisEvents.requested(), AnalysisEvents.matched(2), AnalysisEvents.completed(3, ThreatLevel.HIGH));

        pipe(AnalysisEvents.purged(4));

        assertThat(database.getCollection("email_analyses").countDocuments()).isZero();
        KeyValueStore<String, Object> views = driver.getKeyValueStore(ProjectorTopology.ANALYSIS_VIEWS);
        assertThat(views.get(ANALYSIS)).isNull();
        assertThat(checkpointOffset("email_analyses:analysis-events:0")).isEqualTo(4);

        // The processor forgot the aggregate: the same email requested again is version 1 of a new one.
        pipe(AnalysisEvents.requested());
        assertThat(analysis().getString("status")).isEqualTo("pending");
        assertThat(analysis().getLong("version")).isEqualTo(1);
    }

    @Test
    void anIndicatorReportedMergedRetiredAndPurgedIsShownAtEachStepAndThenGone() {
        pipe(IndicatorEvents.reported());
        Document first = indicator();
        assertThat(first.getString("tenantId")).isEqualTo("tenant-a");
        assertThat(first.getString("indicator")).isEqualTo("evil.example");
        assertThat(first.getString("indicatorType")).isEqualTo("domain");
        assertThat(first.getString("threatLevel")).isEqualTo("medium");
        assertThat(first.getString("status")).isEqualTo("active");
        assertThat(first.getInteger("reports")).isEqualTo(1);

        pipe(IndicatorEvents.merged(2));
        Document merged = indicator();
        assertThat(merged.getList("sources", String.class)).containsExactly("feed-a", "feed-b");
        assertThat(merged.getList("tags", String.class)).containsExactly("phishing-kit", "credential-theft");
        assertThat(merged.getString("threatLevel")).isEqualTo("high");
        assertThat(merged.getDate("firstSeenAt").toInstant()).isEqualTo(Events.T0.plusSeconds(1));
        assertThat(merged.getDate("lastSeenAt").toInstant()).isEqualTo(Events.T0.plusSeconds(2));
        assertThat(merged.getInteger("reports")).isEqualTo(2);

        pipe(IndicatorEvents.retired(3));
        Document retired = indicator();
        assertThat(retired.getString("status")).isEqualTo("retired");
        assertThat(retired.getDate("retiredAt").toInstant()).isEqualTo(Events.T0.plusSeconds(3));
        assertThat(retired.getLong("version")).isEqualTo(3);

        pipe(IndicatorEvents.purged(4));
        assertThat(database.getCollection("threat_intelligence").countDocuments()).isZero();
        KeyValueStore<String, Object> views = driver.getKeyValueStore(ProjectorTopology.INDICATOR_VIEWS);
        assertThat(views.get(INDICATOR)).isNull();
        assertThat(checkpointOffset("threat_intelligence:threat-intel-events:0")).isEqualTo(4);
    }

    @Test
    void aRedeliveredOlderReportDoesNotMoveTheIndicatorBack(@TempDir Path freshStateDir) {
        pipe(IndicatorEvents.reported(), IndicatorEvents.merged(2), IndicatorEvents.retired(3));
        Document retired = indicator();

        pipe(IndicatorEvents.merged(2));
        assertThat(indicator()).isEqualTo(retired);

        // Nor does a replay from an empty local store: the document's version holds it.
        driver.close();
        driver = startDriver(freshStateDir);
        pipe(IndicatorEvents.reported());
        assertThat(indicator()).isEqualTo(retired);
    }

    @Test
    void tombstonesOfTheCompactedTopicOnlyMoveTheCheckpoint() {
        pipe(IndicatorEvents.reported());

        threatIntelEvents.pipeInput(INDICATOR, null);

        assertThat(indicator().getString("status")).isEqualTo("active");
        assertThat(checkpointOffset("threat_intelligence:threat-intel-events:0")).isEqualTo(2);
    }

    private void pipe(AnalysisEvent... events) {
        for (AnalysisEvent event : events) {
            analysisEvents.pipeInput(event.getEnvelope().getAggregateId(), event);
        }
    }

    private void pipe(ThreatIntelEvent... events) {
        for (ThreatIntelEvent event : events) {
            threatIntelEvents.pipeInput(event.getEnvelope().getAggregateId(), event);
        }
    }

    private Document analysis() {
        return database.getCollection("email_analyses").find(Filters.eq("_id", ANALYSIS)).first();
    }

    private Document indicator() {
        return database.getCollection("threat_intelligence").find(Filters.eq("_id", INDICATOR)).first();
    }

    private long checkpointOffset(String id) {
        Document checkpoint = database.getCollection("projection_checkpoints").find(Filters.eq("_id", id)).first();
        assertThat(checkpoint).isNotNull();
        return checkpoint.getLong("offset");
    }
}
