package dev.phishnet.commandapi.userapi;

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

/** Reads the {@code users} collection the projector writes, always within one tenant. */
@Component
public class UserReadModel implements VersionedReadModel {

    static final String USERS = "users";

    private final ReactiveMongoTemplate mongo;
    private final ActiveGeneration generation;

    UserReadModel(ReactiveMongoTemplate mongo, ActiveGeneration generation) {
        this.mongo = mongo;
        this.generation = generation;
    }

    public Mono<UserView> find(String tenantId, String userId) {
        return mongo.findOne(Query.query(inTenant(tenantId).and("_id").is(userId)), Document.class,
                        generation.collection(USERS))
                .map(UserView::from);
    }

    Flux<UserView> search(String tenantId, String email, int page, int size) {
        return mongo.find(searchQuery(tenantId, email).with(Sort.by("email", "_id"))
                        .skip((long) page * size).limit(size), Document.class, generation.collection(USERS))
                .map(UserView::from);
    }

    Mono<Long> count(String tenantId, String email) {
        return mongo.count(searchQuery(tenantId, email), generation.collection(USERS));
    }

    /**
     * Completes when the tenant's user has reached the version, polling with a short growing backoff; empty forever
     * otherwise (the caller bounds the wait). Another tenant's user never satisfies it, so a token reveals nothing.
     */
    @Override
    public String kind() {
        return ConsistencyToken.USERS;
    }

    @Override
    public Mono<Void> awaitVersion(String tenantId, String userId, long version) {
        Query reached = Query.query(inTenant(tenantId).and("_id").is(userId).and("version").gte(version));
        return VersionedReadModel.once(() -> mongo.exists(reached, generation.collection(USERS)));
    }

    private static Query searchQuery(String tenantId, String email) {
        Criteria criteria = inTenant(tenantId);
        if (email != null) {
            criteria = criteria.and("email").is(email);
        }
        return Query.query(criteria);
    }

    private static Criteria inTenant(String tenantId) {
        return Criteria.where("tenantId").is(tenantId);
    }
}
