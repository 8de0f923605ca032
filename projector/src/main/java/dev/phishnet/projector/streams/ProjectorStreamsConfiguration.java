package dev.phishnet.projector.streams;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.phishnet.projector.ProjectorProperties;
import dev.phishnet.projector.analysis.AnalysisDocuments;
import dev.phishnet.projector.audit.AuditLogEntry;
import dev.phishnet.projector.checkpoint.Checkpoint;
import dev.phishnet.projector.generation.ProjectionApplication;
import dev.phishnet.projector.retention.RetentionJob;
import dev.phishnet.projector.session.SessionDocuments;
import dev.phishnet.projector.threatintel.IndicatorDocuments;
import dev.phishnet.projector.user.UserDocuments;
import dev.phishnet.service.readmodel.ReadModelNames;
import dev.phishnet.service.streams.StreamsApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the projector's Streams application as a function of the read-model generation (which
 * {@link dev.phishnet.projector.generation.Generations} runs): its configuration, its MongoDB database, its metrics.
 */
@Configuration(proxyBeanMethods = false)
class ProjectorStreamsConfiguration {

    /** The base names of the collections the projector's application writes in each generation. */
    static final List<String> COLLECTIONS = List.of(UserDocuments.COLLECTION, SessionDocuments.COLLECTION,
            AuditLogEntry.COLLECTION, RetentionJob.COLLECTION, AnalysisDocuments.COLLECTION,
            IndicatorDocuments.COLLECTION, Checkpoint.COLLECTION);

    private static final Logger log = LoggerFactory.getLogger(ProjectorStreamsConfiguration.class);

    /**
     * The projector's application of each generation. A stream thread that dies of a MongoDB error is replaced: the
     * idempotent writes make the replay harmless.
     */
    @Bean
    ProjectionApplication projectorProjections(ProjectorProperties properties, KafkaProperties kafka,
            MongoClient mongo, MongoConnectionDetails mongoConnection, MeterRegistry meters) {
        String databaseName = mongoConnection.getConnectionString().getDatabase();
        MongoDatabase database = mongo.getDatabase(databaseName != null ? databaseName : "test");
        ProjectorTopology.Sources sources = new ProjectorTopology.Sources(
                properties.topics().userEvents().name(), properties.topics().sessionEvents().name(),
                properties.topics().auditEvents().name(), properties.topics().analysisEvents().name(),
                properties.topics().threatIntelEvents().name(), properties.schemaRegistry().url(),
                properties.topics().projectorDlq().name());
        FlushListener listener = FlushListener.metered(meters);
        return new ProjectionApplication() {

            @Override
            public String name() {
                return "projector";
            }

            @Override
            public String applicationId(ReadModelNames names) {
                return names.applicationId(properties.projector().applicationId());
            }

            @Override
            public List<String> topics() {
                return List.of(sources.userEvents(), sources.sessionEvents(), sources.auditEvents(),
                        sources.analysisEvents(), sources.threatIntelEvents());
            }

            @Override
            public Path stateDirectory(ReadModelNames names) {
                return properties.projector().stateDir().toAbsolutePath().resolve(applicationId(names));
            }

            @Override
            public List<String> collections() {
                return COLLECTIONS;
            }

            @Override
            public Topology topology(ReadModelNames names) {
                return ProjectorTopology.build(sources, database, names, listener, Clock.systemUTC());
            }

            @Override
            public StreamsApplication application(ReadModelNames names, Topology topology) {
                return new StreamsApplication(names.generation() == 1 ? "projector"
                        : "projector of generation " + names.generation(), topology,
                        streamsConfig(properties, kafka, names), properties.projector().closeTimeout(),
                        () -> ensureIndexes(database, names),
                        error -> StreamsApplication.causedBy(error, MongoException.class));
            }
        };
    }

    static Properties streamsConfig(ProjectorProperties properties, KafkaProperties kafka) {
        return streamsConfig(properties, kafka, ReadModelNames.FIRST);
    }

    /** The configuration of one generation's application: its own application id (group, internal topics, state). */
    static Properties streamsConfig(ProjectorProperties properties, KafkaProperties kafka, ReadModelNames names) {
        ProjectorProperties.Projector projector = properties.projector();
        Properties config = new Properties();
        config.putAll(kafka.buildStreamsProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, names.applicationId(projector.applicationId()));
        config.put(StreamsConfig.STATE_DIR_CONFIG, projector.stateDir().toAbsolutePath().toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, projector.commitInterval().toMillis());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, projector.streamThreads());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) properties.topics().replicationFactor());
        // At least once is enough: every write is idempotent, and MongoDB is outside any Kafka transaction anyway.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // The processor writes its events in transactions: never project one it aborted.
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
                projector.maxPollIntervalMs());
        return config;
    }

    private static void ensureIndexes(MongoDatabase database, ReadModelNames names) {
        try {
            ReadModelIndexes.ensure(database, names);
        } catch (RuntimeException e) {
            // The projections themselves need no index; the queries of command-api do. Start, and say so loudly.
            log.error("Could not create the read-model indexes; queries will scan until the next start", e);
        }
    }
}
