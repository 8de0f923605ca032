package dev.phishnet.commandapi.sessionapi;

import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.VersionedReadModel;
import dev.phishnet.commandapi.web.ActiveGeneration;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads the {@code sessions} collection the projector writes, always within one tenant. */
@Component
class SessionReadModel implements VersionedReadModel {

    static final String SESSIONS = "sessions";
    private static final String USERS = "users";

    private final ReactiveMongoTemplate mongo;
    private final ActiveGeneration generation;

    SessionReadModel(ReactiveMongoTemplate mongo, ActiveGeneration generation) {
        this.mongo = mongo;
        this.generation = generation;
    }

    Mono<SessionView> find(String tenantId, String sessionId) {
        return mongo.findOne(Query.query(inTenant(tenantId).and("_id").is(sessionId)), Document.class,
                        generation.collection(SESSIONS))
                .map(SessionView::from);
    }

    /** Active sessions first, each group newest first. */
    Flux<SessionView> ofUser(String tenantId, String userId, int limit) {
        Query query = Query.query(inTenant(tenantId).and("userId").is(userId))
                .with(Sort.by(Sort.Order.asc("status"), Sort.Order.desc("createdAt"), Sort.Order.asc("_id")))
                .limit(limit);
        return mongo.find(query, Document.class, generation.collection(SESSIONS)).map(SessionView::from);
    }

    @Override
    public String kind() {
        return ConsistencyToken.SESSIONS;
    }

    /**
     * The user's sessions have reached the version once the projector has applied it: it records the last version of
     * the user's sessions aggregate it applied as {@code sessionsVersion} on the user's document (not every session
     * event changes a session, a LoginFailed say, so no session document need carry it).
     */
    @Override
    public Mono<Void> awaitVersion(String tenantId, String userId, long version) {
        if (version == 0) {
            return Mono.empty();
        }
        Query reached = Query.query(inTenant(tenantId).and("_id").is(userId).and("sessionsVersion").gte(version));
        return VersionedReadModel.once(() -> mongo.exists(reached, generation.collection(USERS)));
    }

    private static Criteria inTenant(String tenantId) {
        return Criteria.where("tenantId").is(tenantId);
    }
}
