package dev.phishnet.projector.streams;

import java.time.Clock;
import java.util.Properties;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.phishnet.service.streams.StreamsApplication;
import dev.phishnet.service.streams.StreamsHealthIndicator;
import dev.phishnet.projector.ProjectorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the projector's Streams application: its configuration, its MongoDB database, its health and metrics. */
@Configuration(proxyBeanMethods = false)
class ProjectorStreamsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProjectorStreamsConfiguration.class);

    /** A stream thread that dies of a MongoDB error is replaced: the idempotent writes make the replay harmless. */
    @Bean
    StreamsApplication projectorStreams(ProjectorProperties properties, KafkaProperties kafka, MongoClient mongo,
            MongoConnectionDetails mongoConnection, MeterRegistry meters) {
        String databaseName = mongoConnection.getConnectionString().getDatabase();
        MongoDatabase database = mongo.getDatabase(databaseName != null ? databaseName : "test");
        ProjectorTopology.Sources sources = new ProjectorTopology.Sources(
                properties.topics().userEvents().name(), properties.topics().sessionEvents().name(),
                properties.topics().auditEvents().name(), properties.topics().analysisEvents().name(),
                properties.topics().threatIntelEvents().name(), properties.schemaRegistry().url());
        return new StreamsApplication("projector",
                ProjectorTopology.build(sources, database, FlushListener.metered(meters), Clock.systemUTC()),
                streamsConfig(properties, kafka), properties.projector().closeTimeout(),
                () -> ensureIndexes(database), error -> StreamsApplication.causedBy(error, MongoException.class));
    }

    @Bean
    StreamsHealthIndicator projectionsHealthIndicator(@Qualifier("projectorStreams") StreamsApplication streams) {
        return new StreamsHealthIndicator(streams);
    }

    static Properties streamsConfig(ProjectorProperties properties, KafkaProperties kafka) {
        ProjectorProperties.Projector projector = properties.projector();
        Properties config = new Properties();
        config.putAll(kafka.buildStreamsProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, projector.applicationId());
        config.put(StreamsConfig.STATE_DIR_CONFIG, projector.stateDir().toAbsolutePath().toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, projector.commitInterval().toMillis());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, projector.streamThreads());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) properties.topics().replicationFactor());
        // At least once is enough: every write is idempotent, and MongoDB is outside any Kafka transaction anyway.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // The processor writes its events in transactions: never project one it aborted.
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        return config;
    }

    private static void ensureIndexes(MongoDatabase database) {
        try {
            ReadModelIndexes.ensure(database);
        } catch (RuntimeException e) {
            // The projections themselves need no index; the queries of command-api do. Start, and say so loudly.
            log.error("Could not create the read-model indexes; queries will scan until the next start", e);
        }
    }
}
