package dev.phishnet.projector.generation;

import java.time.Clock;
import java.util.List;

import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the projector's applications through {@link Generations}, and reports the active generation's applications as
 * the {@code projections} and {@code aggregates} health components.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RebuildSettings.class)
class GenerationsConfiguration {

    @Bean
    Generations generations(List<ProjectionApplication> applications, MongoClient mongo,
            MongoConnectionDetails mongoConnection, Admin admin, RebuildSettings settings, MeterRegistry meters) {
        String databaseName = mongoConnection.getConnectionString().getDatabase();
        var database = mongo.getDatabase(databaseName != null ? databaseName : "test");
        return new Generations(applications, new GenerationControl(database), new LagMeter(admin), admin, database,
                settings, meters, Clock.systemUTC());
    }

    @Bean
    HealthIndicator projectionsHealthIndicator(Generations generations) {
        return () -> health(generations, "projector");
    }

    @Bean
    HealthIndicator aggregatesHealthIndicator(Generations generations) {
        return () -> health(generations, "aggregates");
    }

    /** UP while the active generation's application runs or rebalances, as for a single Streams application. */
    static Health health(Generations generations, String application) {
        KafkaStreams.State state = generations.state(application);
        Health.Builder health = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? Health.up() : Health.down();
        return health.withDetail("state", state == null ? "NOT_STARTED" : state.name())
                .withDetail("generation", generations.active()).build();
    }
}
