package dev.phishnet.projector.retention;

import java.time.Clock;

import com.mongodb.client.MongoClient;
import dev.phishnet.projector.ProjectorProperties;
import dev.phishnet.projector.generation.Generations;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts the retention purger with the application, on the projector's database, for every running generation. */
@Configuration(proxyBeanMethods = false)
class RetentionPurgerConfiguration {

    @Bean
    RetentionPurger retentionPurger(ProjectorProperties properties, MongoClient mongo,
            MongoConnectionDetails mongoConnection, MeterRegistry meters, Generations generations) {
        String databaseName = mongoConnection.getConnectionString().getDatabase();
        ProjectorProperties.Purge purge = properties.retention().purge();
        return new RetentionPurger(mongo.getDatabase(databaseName != null ? databaseName : "test"),
                generations::running, new RetentionPurger.Settings(purge.batchSize(), purge.pause(), purge.pollInterval()), meters,
                Clock.systemUTC());
    }
}
