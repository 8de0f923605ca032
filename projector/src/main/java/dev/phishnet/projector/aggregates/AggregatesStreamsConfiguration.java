package dev.phishnet.projector.aggregates;

import java.time.Clock;
import java.util.Properties;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.phishnet.projector.ProjectorProperties;
import dev.phishnet.projector.streams.FlushListener;
import dev.phishnet.service.streams.StreamsApplication;
import dev.phishnet.service.streams.StreamsHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the aggregates application beside the projector's own: same broker, registry and MongoDB database, its own
 * application id and state directory, and health as {@code aggregates}.
 */
@Configuration(proxyBeanMethods = false)
class AggregatesStreamsConfiguration {

    /** A stream thread that dies of a MongoDB error is replaced: its task resumes from the last commit. */
    @Bean
    StreamsApplication aggregatesStreams(ProjectorProperties properties, KafkaProperties kafka, MongoClient mongo,
            MongoConnectionDetails mongoConnection, MeterRegistry meters) {
        String databaseName = mongoConnection.getConnectionString().getDatabase();
        MongoDatabase database = mongo.getDatabase(databaseName != null ? databaseName : "test");
        AggregatesTopology.Sources sources = new AggregatesTopology.Sources(
                properties.topics().analysisEvents().name(), properties.topics().auditEvents().name(),
                properties.schemaRegistry().url());
        return new StreamsApplication("aggregates",
                AggregatesTopology.build(sources, database, FlushListener.metered(meters), Clock.systemUTC()),
                streamsConfig(properties, kafka), properties.projector().closeTimeout(),
                () -> { }, error -> StreamsApplication.causedBy(error, MongoException.class));
    }

    @Bean
    StreamsHealthIndicator aggregatesHealthIndicator(@Qualifier("aggregatesStreams") StreamsApplication streams) {
        return new StreamsHealthIndicator(streams);
    }

    static Properties streamsConfig(ProjectorProperties properties, KafkaProperties kafka) {
        ProjectorProperties.Projector projector = properties.projector();
        Properties config = new Properties();
        config.putAll(kafka.buildStreamsProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.aggregates().applicationId());
        config.put(StreamsConfig.STATE_DIR_CONFIG,
                projector.stateDir().resolve("aggregates").toAbsolutePath().toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, projector.commitInterval().toMillis());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, projector.streamThreads());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) properties.topics().replicationFactor());
        // Counts are not idempotent: each record must change the stores exactly once, committed with its offset
        // (and reading only committed events, which exactly once implies).
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return config;
    }
}
