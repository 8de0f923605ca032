package dev.phishnet.commandapi.statsapi;

import dev.phishnet.commandapi.web.ActiveGeneration;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads the {@code api_usage} view the projector's aggregates application writes, always within one tenant. */
@Component
class UsageReadModel {

    static final String API_USAGE = "api_usage";

    private final ReactiveMongoTemplate mongo;
    private final ActiveGeneration generation;

    UsageReadModel(ReactiveMongoTemplate mongo, ActiveGeneration generation) {
        this.mongo = mongo;
        this.generation = generation;
    }

    Mono<ApiUsage> usage(String tenantId, String userId, DayRange range) {
        return mongo.find(DayDocuments.inRange(tenantId, userId, range), Document.class,
                        generation.collection(API_USAGE))
                .map(ApiUsage.UsageDay::from)
                .collectList()
                .map(days -> ApiUsage.of(userId, range, days));
    }
}
