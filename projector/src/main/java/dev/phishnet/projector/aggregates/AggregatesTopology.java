package dev.phishnet.projector.aggregates;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.phishnet.projector.checkpoint.Checkpoint;
import dev.phishnet.projector.streams.FlushListener;
import dev.phishnet.projector.streams.MongoSink;
import dev.phishnet.projector.streams.MongoSinkBuilder;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import dev.phishnet.service.readmodel.ReadModelNames;
import org.bson.Document;

/**
 * The aggregates application's topology, two independent pipelines:
 * <pre>
 * analysis-events -> analysis-stats (analysis-contributions: analysis id -> what it counts for;
 *                                    analysis-counts: "tenant|user or *|day" -> this partition's counts;
 *                                    analysis-stats-sink)                          -> MongoDB analysis_stats
 * audit-events    -> api-usage      (usage-counts: "tenant|user|day" -> this partition's counts;
 *                                    api-usage-sink)                               -> MongoDB api_usage
 * </pre>
 * No repartition: each task keeps the counts of the records of its own partition and writes them as that partition's
 * part of the day's document. Each sink writes its {@code projection_checkpoints} after its data.
 */
public final class AggregatesTopology {

    public static final String ANALYSIS_STATS = "analysis_stats";
    public static final String API_USAGE = "api_usage";
    static final String ANALYSIS_CONTRIBUTIONS = "analysis-contributions";
    static final String ANALYSIS_COUNTS = "analysis-counts";
    static final String ANALYSIS_STATS_SINK = "analysis-stats-sink";
    static final String USAGE_COUNTS = "usage-counts";
    static final String API_USAGE_SINK = "api-usage-sink";

    /**
     * @param analysisEvents the topic of analysis events
     * @param auditEvents the topic of audit events
     * @param schemaRegistry the registry the Avro values are decoded with
     */
    public record Sources(String analysisEvents, String auditEvents, URI schemaRegistry) {
    }

    private AggregatesTopology() {
    }

    /** The first generation's topology (plain collection names). */
    public static Topology build(Sources sources, MongoDatabase database, FlushListener listener, Clock clock) {
        return build(sources, database, ReadModelNames.FIRST, listener, clock);
    }

    /** The topology of one generation: it writes that generation's collections and checkpoints. */
    public static Topology build(Sources sources, MongoDatabase database, ReadModelNames names, FlushListener listener,
            Clock clock) {
        Map<String, String> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, sources.schemaRegistry().toString());
        MongoCollection<Document> checkpoints = database.getCollection(names.collection(Checkpoint.COLLECTION));
        MongoCollection<Document> stats = database.getCollection(names.collection(ANALYSIS_STATS));
        MongoCollection<Document> usage = database.getCollection(names.collection(API_USAGE));

        Topology topology = new Topology();
        // A new application (or one reset for a rebuild) counts each topic from its start.
        topology.addSource(AutoOffsetReset.earliest(), "analysis-events", Serdes.String().deserializer(),
                        AvroSerdes.specific(AnalysisEvent.class, serdeConfig, false).deserializer(),
                        sources.analysisEvents())
                .addProcessor("analysis-stats", AnalysisStatsProjector::new, "analysis-events")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANALYSIS_CONTRIBUTIONS),
                        Serdes.String(), BsonSerde.of(AnalysisContribution::toDocument,
                                AnalysisContribution::fromDocument)).withCachingEnabled(), "analysis-stats")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANALYSIS_COUNTS),
                        Serdes.String(), BsonSerde.of(AnalysisCounts::toDocument, AnalysisCounts::fromDocument))
                        .withCachingEnabled(), "analysis-stats")
                .addStateStore(new MongoSinkBuilder(ANALYSIS_STATS_SINK,
                        () -> new MongoSink(ANALYSIS_STATS_SINK, ANALYSIS_STATS, stats, checkpoints, listener, clock)),
                        "analysis-stats");

        topology.addSource(AutoOffsetReset.earliest(), "audit-events", Serdes.String().deserializer(),
                        AvroSerdes.specific(AuditEvent.class, serdeConfig, false).deserializer(), sources.auditEvents())
                .addProcessor("api-usage", ApiUsageProjector::new, "audit-events")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USAGE_COUNTS),
                        Serdes.String(), BsonSerde.of(UsageCounts::toDocument, UsageCounts::fromDocument))
                        .withCachingEnabled(), "api-usage")
                .addStateStore(new MongoSinkBuilder(API_USAGE_SINK,
                        () -> new MongoSink(API_USAGE_SINK, API_USAGE, usage, checkpoints, listener, clock)),
                        "api-usage");
        return topology;
    }
}
