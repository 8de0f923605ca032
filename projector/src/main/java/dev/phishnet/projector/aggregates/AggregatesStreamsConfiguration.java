package dev.phishnet.projector.aggregates;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.phishnet.projector.ProjectorProperties;
import dev.phishnet.projector.checkpoint.Checkpoint;
import dev.phishnet.projector.generation.ProjectionApplication;
import dev.phishnet.projector.streams.FlushListener;
import dev.phishnet.service.readmodel.ReadModelNames;
import dev.phishnet.service.streams.StreamsApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the aggregates application beside the projector's own, as a function of the read-model generation: same
 * broker, registry and MongoDB database, its own application id and state directory.
 */
@Configuration(proxyBeanMethods = false)
class AggregatesStreamsConfiguration {

    /**
     * The aggregates application of each generation. A stream thread that dies of a MongoDB error is replaced: its
     * task resumes from the last commit.
     */
    @Bean
    ProjectionApplication aggregatesProjections(ProjectorProperties properties, KafkaProperties kafka,
            MongoClient mongo, MongoConnectionDetails mongoConnection, MeterRegistry meters) {
        String databaseName = mongoConnection.getConnectionString().getDatabase();
        MongoDatabase database = mongo.getDatabase(databaseName != null ? databaseName : "test");
        AggregatesTopology.Sources sources = new AggregatesTopology.Sources(
                properties.topics().analysisEvents().name(), properties.topics().auditEvents().name(),
                properties.schemaRegistry().url());
        FlushListener listener = FlushListener.metered(meters);
        return new ProjectionApplication() {

            @Override
            public String name() {
                return "aggregates";
            }

            @Override
            public String applicationId(ReadModelNames names) {
                return names.applicationId(properties.aggregates().applicationId());
            }

            @Override
            public List<String> topics() {
                return List.of(sources.analysisEvents(), sources.auditEvents());
            }

            @Override
            public Path stateDirectory(ReadModelNames names) {
                return stateRoot(properties).resolve(applicationId(names));
            }

            @Override
            public List<String> collections() {
                return List.of(AggregatesTopology.ANALYSIS_STATS, AggregatesTopology.API_USAGE,
                        Checkpoint.COLLECTION);
            }

            @Override
            public Topology topology(ReadModelNames names) {
                return AggregatesTopology.build(sources, database, names, listener, Clock.systemUTC());
            }

            @Override
            public StreamsApplication application(ReadModelNames names, Topology topology) {
                return new StreamsApplication(names.generation() == 1 ? "aggregates"
                        : "aggregates of generation " + names.generation(), topology,
                        streamsConfig(properties, kafka, names), properties.projector().closeTimeout(), () -> { },
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
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, names.applicationId(properties.aggregates().applicationId()));
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateRoot(properties).toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, projector.commitInterval().toMillis());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, projector.streamThreads());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) properties.topics().replicationFactor());
        // Counts are not idempotent: each record must change the stores exactly once, committed with its offset
        // (and reading only committed events, which exactly once implies).
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
                projector.maxPollIntervalMs());
        return config;
    }

    private static Path stateRoot(ProjectorProperties properties) {
        return properties.projector().stateDir().resolve("aggregates").toAbsolutePath();
    }
}
