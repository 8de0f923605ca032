package dev.phishnet.projector.retention;

import java.time.Clock;

import com.mongodb.client.MongoClient;
import dev.phishnet.projector.ProjectorProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Starts the retention purger with the application, on the projector's database. */
@Configuration(proxyBeanMethods = false)
class RetentionPurgerConfiguration {

    @Bean
    RetentionPurger retentionPurger(ProjectorProperties properties, MongoClient mongo,
            MongoConnectionDetails mongoConnection, MeterRegistry meters) {
        String databaseName = mongoConnection.getConnectionString().getDatabase();
        ProjectorProperties.Purge purge = properties.retention().purge();
        return new RetentionPurger(mongo.getDatabase(databaseName != null ? databaseName : "test"),
                new RetentionPurger.Settings(purge.batchSize(), purge.pause(), purge.pollInterval()), meters,
                Clock.systemUTC());
    }
}
