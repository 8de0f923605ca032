package dev.phishnet.projector.aggregates;

import static dev.phishnet.projector.aggregates.AggregateEvents.audit;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.aggregates.AggregateEvents.Analysis;
import dev.phishnet.projector.checkpoint.Checkpoint;
import dev.phishnet.projector.streams.FlushListener;
import dev.phishnet.projector.streams.MongoSink;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.audit.AuditEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two partitions' tasks counting into the same day documents, each its own part. (TopologyTestDriver reads every
 * topic as one partition, so each task here is a processor on a mock context that says which partition it reads.)
 */
class PartitionPartsTest {

    private static final Instant MARCH_1 = Instant.parse("2026-03-01T12:00:00Z");

    private static MongoServer server;
    private static MongoClient client;
    private MongoDatabase database;

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
    void freshDatabase() {
        database = client.getDatabase("parts-" + System.nanoTime());
    }

    @Test
    void eachPartitionWritesItsOwnPartOfADayAndThePartsAddUp() {
        Task<AnalysisEvent> partition0 = statsTask(0);
        Task<AnalysisEvent> partition3 = statsTask(3);
        Analysis first = Analysis.of("acme", "ada", MARCH_1);
        Analysis second = Analysis.of("acme", "ada", MARCH_1);
        Analysis third = Analysis.of("acme", "grace", MARCH_1);

        partition0.process(first.id(), first.requested(), first.completed(2, ThreatLevel.HIGH));
        partition3.process(second.id(), second.requested());
        partition3.process(third.id(), third.requested(), third.failed(2));
        partition0.commit();
        partition3.commit();

        Document parts = document("analysis_stats", "acme|*|2026-03-01").get("parts", Document.class);
        assertThat(parts.keySet()).containsExactlyInAnyOrder("0", "3");
        AnalysisCounts zero = AnalysisCounts.fromDocument(parts.get("0", Document.class));
        AnalysisCounts three = AnalysisCounts.fromDocument(parts.get("3", Document.class));
        assertThat(zero).isEqualTo(new AnalysisCounts(1, 0, 1, 0, 0, 0, 0, 1, 0));
        assertThat(three).isEqualTo(new AnalysisCounts(2, 1, 0, 1, 0, 0, 0, 0, 0));
        assertThat(document("analysis_stats", "acme|ada|2026-03-01").get("parts", Document.class).keySet())
                .containsExactlyInAnyOrder("0", "3");
        assertThat(document("analysis_stats", "acme|grace|2026-03-01").get("parts", Document.class).keySet())
                .containsExactly("3");
    }

    @Test
    void usageOfOneUserAndDaySeenOnTwoPartitionsIsTwoParts() {
        Task<AuditEvent> partition1 = usageTask(1);
        Task<AuditEvent> partition2 = usageTask(2);

        partition1.process("r1", audit("acme", "ada", "analysis.request", MARCH_1));
        partition2.process("r2", audit("acme", "ada", "analysis.request", MARCH_1),
                audit("acme", "ada", "threatintel.report", MARCH_1));
        partition1.commit();
        partition2.commit();

        Document parts = document("api_usage", "acme|ada|2026-03-01").get("parts", Document.class);
        assertThat(UsageCounts.fromDocument(parts.get("1", Document.class)).total()).isEqualTo(1);
        assertThat(UsageCounts.fromDocument(parts.get("2", Document.class)).byAction())
                .containsEntry("analysis.request", 1L).containsEntry("threatintel.report", 1L);
    }

    private Task<AnalysisEvent> statsTask(int partition) {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        add(context, memoryStore(AggregatesTopology.ANALYSIS_CONTRIBUTIONS,
                BsonSerde.of(AnalysisContribution::toDocument, AnalysisContribution::fromDocument)));
        add(context, memoryStore(AggregatesTopology.ANALYSIS_COUNTS,
                BsonSerde.of(AnalysisCounts::toDocument, AnalysisCounts::fromDocument)));
        MongoSink sink = sink(AggregatesTopology.ANALYSIS_STATS_SINK, AggregatesTopology.ANALYSIS_STATS);
        add(context, sink);
        return new Task<>(new AnalysisStatsProjector(), context, sink, "analysis-events", partition);
    }

    private Task<AuditEvent> usageTask(int partition) {
        MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        add(context, memoryStore(AggregatesTopology.USAGE_COUNTS,
                BsonSerde.of(UsageCounts::toDocument, UsageCounts::fromDocument)));
        MongoSink sink = sink(AggregatesTopology.API_USAGE_SINK, AggregatesTopology.API_USAGE);
        add(context, sink);
        return new Task<>(new ApiUsageProjector(), context, sink, "audit-events", partition);
    }

    private static <V> KeyValueStore<String, V> memoryStore(String name, Serde<V> serde) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled().build();
    }

    private MongoSink sink(String name, String collection) {
        return new MongoSink(name, collection, database.getCollection(collection),
                database.getCollection(Checkpoint.COLLECTION), FlushListener.NONE, Clock.fixed(MARCH_1, ZoneOffset.UTC));
    }

    private static void add(MockProcessorContext<Void, Void> context, StateStore store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private Document document(String collection, String id) {
        Document document = database.getCollection(collection).find(Filters.eq("_id", id)).first();
        assertThat(document).as(collection + " " + id).isNotNull();
        return document;
    }

    /** One task: a processor reading one partition of its topic from offset 0. */
    private static final class Task<V> {

        private final Processor<String, V, Void, Void> processor;
        private final MockProcessorContext<Void, Void> context;
        private final MongoSink sink;
        private final String topic;
        private final int partition;
        private long offset;

        Task(Processor<String, V, Void, Void> processor, MockProcessorContext<Void, Void> context, MongoSink sink,
                String topic, int partition) {
            this.processor = processor;
            this.context = context;
            this.sink = sink;
            this.topic = topic;
            this.partition = partition;
            processor.init(context);
        }

        @SafeVarargs
        final void process(String key, V... values) {
            for (V value : values) {
                context.setRecordMetadata(topic, partition, offset++);
                processor.process(new Record<>(key, value, 0L));
            }
        }

        /** What Kafka Streams does as it prepares a commit. */
        void commit() {
            sink.flushCache();
        }
    }
}
