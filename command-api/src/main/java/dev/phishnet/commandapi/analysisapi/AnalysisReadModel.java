package dev.phishnet.commandapi.analysisapi;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.PageCursor;
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

/** Reads the {@code email_analyses} collection the projector writes, always within one tenant. */
@Component
public class AnalysisReadModel implements VersionedReadModel {

    static final String EMAIL_ANALYSES = "email_analyses";
    /** The listing's order, which the indexes {@code tenant_received} and {@code tenant_user_received} serve. */
    static final String RECEIVED_AT = "receivedAt";

    private final ReactiveMongoTemplate mongo;
    private final ActiveGeneration generation;

    AnalysisReadModel(ReactiveMongoTemplate mongo, ActiveGeneration generation) {
        this.mongo = mongo;
        this.generation = generation;
    }

    /** The tenant's analysis of that id, whoever's it is: access is the caller's business. */
    public Mono<AnalysisView> find(String tenantId, String analysisId) {
        return mongo.findOne(Query.query(inTenant(tenantId).and("_id").is(analysisId)), Document.class,
                generation.collection(EMAIL_ANALYSES)).map(AnalysisView::from);
    }

    /** Up to {@code limit} analyses matching the filter after the cursor, newest received first, then by id. */
    Flux<AnalysisView> search(String tenantId, AnalysisFilter filter, PageCursor after, int limit) {
        List<Criteria> criteria = new ArrayList<>();
        criteria.add(inTenant(tenantId));
        if (filter.userId() != null) {
            criteria.add(Criteria.where("userId").is(filter.userId()));
        }
        if (filter.threatLevel() != null) {
            criteria.add(Criteria.where("threatLevel").is(filter.threatLevel()));
        }
        if (filter.status() != null) {
            criteria.add(Criteria.where("status").is(filter.status()));
        }
        if (filter.receivedFrom() != null) {
            criteria.add(Criteria.where(RECEIVED_AT).gte(Date.from(filter.receivedFrom())));
        }
        if (filter.receivedTo() != null) {
            criteria.add(Criteria.where(RECEIVED_AT).lt(Date.from(filter.receivedTo())));
        }
        if (after != null) {
            criteria.add(after.after(RECEIVED_AT));
        }
        Query query = Query.query(new Criteria().andOperator(criteria))
                .with(Sort.by(Sort.Order.desc(RECEIVED_AT), Sort.Order.desc("_id")))
                .limit(limit);
        return mongo.find(query, Document.class, generation.collection(EMAIL_ANALYSES)).map(AnalysisView::from);
    }

    @Override
    public String kind() {
        return ConsistencyToken.ANALYSES;
    }

    /**
     * Completes when the tenant's analysis has reached the version, polling with a short growing backoff; empty
     * forever otherwise (the caller bounds the wait). Another tenant's analysis never satisfies it.
     */
    @Override
    public Mono<Void> awaitVersion(String tenantId, String analysisId, long version) {
        Query reached = Query.query(inTenant(tenantId).and("_id").is(analysisId).and("version").gte(version));
        return VersionedReadModel.once(() -> mongo.exists(reached, generation.collection(EMAIL_ANALYSES)));
    }

    private static Criteria inTenant(String tenantId) {
        return Criteria.where("tenantId").is(tenantId);
    }
}
