package dev.phishnet.service.health;

import java.time.Duration;

import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.data.mongodb.ReactiveMongoDatabaseFactory;
import reactor.core.publisher.Mono;

/**
 * UP when the service's own database answers {@code {ping: 1}} in time, DOWN with the error otherwise. Replaces
 * Boot's indicator, which lists every database (a privilege the service does not otherwise need) and sends
 * {@code hello}, which mongo-java-server does not know.
 */
public class MongoHealthIndicator implements ReactiveHealthIndicator {

    private static final Document PING = new Document("ping", 1);

    private final ReactiveMongoDatabaseFactory mongo;
    private final Duration timeout;

    public MongoHealthIndicator(ReactiveMongoDatabaseFactory mongo, Duration timeout) {
        this.mongo = mongo;
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        return mongo.getMongoDatabase()
                .flatMap(database -> Mono.from(database.runCommand(PING))
                        .thenReturn(Health.up().withDetail("database", database.getName()).build()))
                .timeout(timeout)
                .onErrorResume(error -> Mono.just(Health.down(error).build()));
    }
}
