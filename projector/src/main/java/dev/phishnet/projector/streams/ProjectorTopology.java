package dev.phishnet.projector.streams;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.phishnet.projector.analysis.AnalysisDocuments;
import dev.phishnet.projector.analysis.AnalysisViewSerde;
import dev.phishnet.projector.audit.AuditLogEntry;
import dev.phishnet.projector.checkpoint.Checkpoint;
import dev.phishnet.projector.parking.DeadLetters;
import dev.phishnet.projector.retention.RetentionJob;
import dev.phishnet.projector.session.SessionDocuments;
import dev.phishnet.projector.session.SessionViewSerde;
import dev.phishnet.projector.threatintel.IndicatorDocuments;
import dev.phishnet.projector.threatintel.IndicatorViewSerde;
import dev.phishnet.projector.user.UserDocuments;
import dev.phishnet.projector.user.UserViewSerde;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import dev.phishnet.schemas.user.UserEvent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import dev.phishnet.service.readmodel.ReadModelNames;
import org.bson.Document;

/**
 * The projector's topology, independent pipelines:
 * <pre>
 * user-events    -> users-projection (user-views store: the whole view; users-sink)         -> MongoDB users
 * session-events -> sessions-projection (session-views store: the whole view; sessions-sink) -> MongoDB sessions
 *                -> user-security-projection (user-security-sink)                            -> MongoDB users.security
 * audit-events   -> audit-logs-projection (audit-logs-sink)                                  -> MongoDB audit_logs
 *                                        (retention-jobs-sink, retention runs only)          -> MongoDB retention_jobs
 * analysis-events     -> email-analyses-projection (analysis-views store; email-analyses-sink)
 *                                                                                  -> MongoDB email_analyses
 * threat-intel-events -> threat-intelligence-projection (indicator-views store; threat-intelligence-sink)
 *                                                                                  -> MongoDB threat_intelligence
 * </pre>
 * Each sink writes its {@code projection_checkpoints} after its data (the users read model has one per topic it
 * reads). Every projection sits behind a {@link DeadLetters} guard: the sources read bytes, the guard decodes them,
 * parks a record its projection cannot apply (and the later ones of its key) in its {@code <projection>-parked}
 * store and {@code projector_dlq}, and copies it to the dead-letter topic: the only records produced to Kafka besides
 * the changelogs of the stores.
 */
public final class ProjectorTopology {

    public static final String USERS = "users";
    public static final String SESSIONS = "sessions";
    public static final String AUDIT_LOGS = "audit_logs";
    static final String USER_VIEWS = "user-views";
    static final String USERS_SINK = "users-sink";
    static final String SESSION_VIEWS = "session-views";
    static final String SESSIONS_SINK = "sessions-sink";
    static final String USER_SECURITY_SINK = "user-security-sink";
    static final String AUDIT_LOGS_SINK = "audit-logs-sink";
    public static final String EMAIL_ANALYSES = AnalysisDocuments.COLLECTION;
    public static final String THREAT_INTELLIGENCE = IndicatorDocuments.COLLECTION;
    static final String ANALYSIS_VIEWS = "analysis-views";
    static final String EMAIL_ANALYSES_SINK = "email-analyses-sink";
    static final String INDICATOR_VIEWS = "indicator-views";
    static final String THREAT_INTELLIGENCE_SINK = "threat-intelligence-sink";
    static final String RETENTION_JOBS_SINK = "retention-jobs-sink";
    private static final Deserializer<byte[]> BYTES = new ByteArrayDeserializer();

    /**
     * @param userEvents the topic of user events
     * @param sessionEvents the topic of session events
     * @param auditEvents the topic of audit events
     * @param analysisEvents the topic of email analysis events
     * @param threatIntelEvents the topic of threat-intelligence indicator events
     * @param schemaRegistry the registry the Avro values are decoded with
     * @param deadLetters the topic parked records are copied to
     */
    public record Sources(String userEvents, String sessionEvents, String auditEvents, String analysisEvents,
            String threatIntelEvents, URI schemaRegistry, String deadLetters) {

        /** The sources with the default dead-letter topic. */
        public Sources(String userEvents, String sessionEvents, String auditEvents, String analysisEvents,
                String threatIntelEvents, URI schemaRegistry) {
            this(userEvents, sessionEvents, auditEvents, analysisEvents, threatIntelEvents, schemaRegistry,
                    DeadLetters.TOPIC);
        }
    }

    private ProjectorTopology() {
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
        MongoCollection<Document> users = database.getCollection(names.collection(UserDocuments.COLLECTION));
        MongoCollection<Document> sessions = database.getCollection(names.collection(SessionDocuments.COLLECTION));
        MongoCollection<Document> auditLogs = database.getCollection(names.collection(AuditLogEntry.COLLECTION));
        MongoCollection<Document> retentionJobs = database.getCollection(names.collection(RetentionJob.COLLECTION));

        DeadLetters deadLetters = new DeadLetters(sources.deadLetters(), database, names.generation(), clock);
        Topology topology = new Topology();
        // A new projector (or one reset for a rebuild) reads each topic from its start.
        topology.addSource(AutoOffsetReset.earliest(), "user-events", Serdes.String().deserializer(), BYTES,
                        sources.userEvents())
                .addProcessor("users-projection",
                        deadLetters.guard("users-projection", avro(UserEvent.class, serdeConfig),
                                UserProjector::new),
                        "user-events")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USER_VIEWS),
                        Serdes.String(), UserViewSerde.create()).withCachingEnabled(), "users-projection")
                .addStateStore(new MongoSinkBuilder(USERS_SINK,
                        () -> new MongoSink(USERS_SINK, USERS, users, checkpoints, listener, clock)),
                        "users-projection");

        topology.addSource(AutoOffsetReset.earliest(), "session-events", Serdes.String().deserializer(), BYTES,
                        sources.sessionEvents())
                .addProcessor("sessions-projection",
                        deadLetters.guard("sessions-projection", avro(SessionEvent.class, serdeConfig),
                                SessionProjector::new),
                        "session-events")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SESSION_VIEWS),
                        Serdes.String(), SessionViewSerde.create()).withCachingEnabled(), "sessions-projection")
                .addStateStore(new MongoSinkBuilder(SESSIONS_SINK,
                        () -> new MongoSink(SESSIONS_SINK, SESSIONS, sessions, checkpoints, listener, clock)),
                        "sessions-projection")
                .addProcessor("user-security-projection",
                        deadLetters.guard("user-security-projection", avro(SessionEvent.class, serdeConfig),
                                UserSecurityProjector::new),
                        "session-events")
                .addStateStore(new MongoSinkBuilder(USER_SECURITY_SINK,
                        () -> new MongoSink(USER_SECURITY_SINK, USERS, users, checkpoints, listener, clock)),
                        "user-security-projection");

        topology.addSource(AutoOffsetReset.earliest(), "audit-events", Serdes.String().deserializer(), BYTES,
                        sources.auditEvents())
                .addProcessor("audit-logs-projection",
                        deadLetters.guard("audit-logs-projection", avro(AuditEvent.class, serdeConfig),
                                AuditProjector::new),
                        "audit-events")
                .addStateStore(new MongoSinkBuilder(AUDIT_LOGS_SINK,
                        () -> new MongoSink(AUDIT_LOGS_SINK, AUDIT_LOGS, auditLogs, checkpoints, listener, clock)),
                        "audit-logs-projection")
                .addStateStore(new MongoSinkBuilder(RETENTION_JOBS_SINK, () -> new MongoSink(RETENTION_JOBS_SINK,
                        RetentionJob.COLLECTION, retentionJobs, checkpoints, listener, clock)), "audit-logs-projection");

        addAnalyses(topology, deadLetters, sources.analysisEvents(), serdeConfig,
                database.getCollection(names.collection(AnalysisDocuments.COLLECTION)), checkpoints, listener, clock);
        addThreatIntelligence(topology, deadLetters, sources.threatIntelEvents(), serdeConfig,
                database.getCollection(names.collection(IndicatorDocuments.COLLECTION)), checkpoints, listener, clock);
        return deadLetters.addSinks(topology);
    }

    private static <E extends SpecificRecord> Deserializer<E> avro(Class<E> type, Map<String, String> serdeConfig) {
        return AvroSerdes.specific(type, serdeConfig, false).deserializer();
    }

    private static void addAnalyses(Topology topology, DeadLetters deadLetters, String topic,
            Map<String, String> serdeConfig, MongoCollection<Document> analyses, MongoCollection<Document> checkpoints,
            FlushListener listener, Clock clock) {
        topology.addSource(AutoOffsetReset.earliest(), "analysis-events", Serdes.String().deserializer(), BYTES,
                        topic)
                .addProcessor("email-analyses-projection",
                        deadLetters.guard("email-analyses-projection", avro(AnalysisEvent.class, serdeConfig),
                                AnalysisProjector::new),
                        "analysis-events")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANALYSIS_VIEWS),
                        Serdes.String(), AnalysisViewSerde.create()).withCachingEnabled(), "email-analyses-projection")
                .addStateStore(new MongoSinkBuilder(EMAIL_ANALYSES_SINK,
                        () -> new MongoSink(EMAIL_ANALYSES_SINK, EMAIL_ANALYSES, analyses, checkpoints, listener,
                                clock)),
                        "email-analyses-projection");
    }

    private static void addThreatIntelligence(Topology topology, DeadLetters deadLetters, String topic,
            Map<String, String> serdeConfig, MongoCollection<Document> indicators, MongoCollection<Document> checkpoints,
            FlushListener listener, Clock clock) {
        topology.addSource(AutoOffsetReset.earliest(), "threat-intel-events", Serdes.String().deserializer(), BYTES,
                        topic)
                .addProcessor("threat-intelligence-projection",
                        deadLetters.guard("threat-intelligence-projection", avro(ThreatIntelEvent.class, serdeConfig),
                                IndicatorProjector::new),
                        "threat-intel-events")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDICATOR_VIEWS),
                        Serdes.String(), IndicatorViewSerde.create()).withCachingEnabled(),
                        "threat-intelligence-projection")
                .addStateStore(new MongoSinkBuilder(THREAT_INTELLIGENCE_SINK,
                        () -> new MongoSink(THREAT_INTELLIGENCE_SINK, THREAT_INTELLIGENCE, indicators, checkpoints,
                                listener, clock)),
                        "threat-intelligence-projection");
    }
}
