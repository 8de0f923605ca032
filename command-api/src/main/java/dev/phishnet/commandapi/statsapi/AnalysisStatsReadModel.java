package dev.phishnet.commandapi.statsapi;

import dev.phishnet.commandapi.web.ActiveGeneration;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads the {@code analysis_stats} view the projector's aggregates application writes, always within one tenant. */
@Component
class AnalysisStatsReadModel {

    static final String ANALYSIS_STATS = "analysis_stats";

    private final ReactiveMongoTemplate mongo;
    private final ActiveGeneration generation;

    AnalysisStatsReadModel(ReactiveMongoTemplate mongo, ActiveGeneration generation) {
        this.mongo = mongo;
        this.generation = generation;
    }

    /** @param userId the user; null for the whole tenant */
    Mono<AnalysisStats> stats(String tenantId, String userId, DayRange range) {
        return mongo.find(DayDocuments.inRange(tenantId, userId, range), Document.class,
                        generation.collection(ANALYSIS_STATS))
                .map(AnalysisStats.Day::from)
                .collectList()
                .map(days -> AnalysisStats.of(userId != null ? "user" : "tenant", userId, range, days));
    }
}
