package dev.phishnet.commandapi.threatintelapi;

import java.util.ArrayList;
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

/** Reads the {@code threat_intelligence} collection the projector writes, always within one tenant. */
@Component
public class IndicatorReadModel implements VersionedReadModel {

    static final String THREAT_INTELLIGENCE = "threat_intelligence";
    /**
     * The listing's order: newest first by first report, which a re-report leaves alone, so a page boundary stays put
     * while indicators are being reported (index {@code tenant_first_seen}).
     */
    static final String FIRST_SEEN_AT = "firstSeenAt";

    private final ReactiveMongoTemplate mongo;
    private final ActiveGeneration generation;

    IndicatorReadModel(ReactiveMongoTemplate mongo, ActiveGeneration generation) {
        this.mongo = mongo;
        this.generation = generation;
    }

    public Mono<IndicatorView> find(String tenantId, String indicatorId) {
        return mongo.findOne(Query.query(inTenant(tenantId).and("_id").is(indicatorId)), Document.class,
                generation.collection(THREAT_INTELLIGENCE)).map(IndicatorView::from);
    }

    /**
     * Up to {@code limit} of the tenant's indicators after the cursor, newest first reported first, then by id.
     *
     * @param indicator the normalized indicator, or null for all
     * @param type the indicator type in lower case, or null for all
     */
    Flux<IndicatorView> search(String tenantId, String indicator, String type, PageCursor after, int limit) {
        List<Criteria> criteria = new ArrayList<>();
        criteria.add(inTenant(tenantId));
        if (indicator != null) {
            criteria.add(Criteria.where("indicator").is(indicator));
        }
        if (type != null) {
            criteria.add(Criteria.where("indicatorType").is(type));
        }
        if (after != null) {
            criteria.add(after.after(FIRST_SEEN_AT));
        }
        Query query = Query.query(new Criteria().andOperator(criteria))
                .with(Sort.by(Sort.Order.desc(FIRST_SEEN_AT), Sort.Order.desc("_id")))
                .limit(limit);
        return mongo.find(query, Document.class, generation.collection(THREAT_INTELLIGENCE)).map(IndicatorView::from);
    }

    @Override
    public String kind() {
        return ConsistencyToken.INDICATORS;
    }

    /**
     * Completes when the tenant's indicator has reached the version, polling with a short growing backoff; empty
     * forever otherwise (the caller bounds the wait). Another tenant's indicator never satisfies it.
     */
    @Override
    public Mono<Void> awaitVersion(String tenantId, String indicatorId, long version) {
        Query reached = Query.query(inTenant(tenantId).and("_id").is(indicatorId).and("version").gte(version));
        return VersionedReadModel.once(() -> mongo.exists(reached, generation.collection(THREAT_INTELLIGENCE)));
    }

    private static Criteria inTenant(String tenantId) {
        return Criteria.where("tenantId").is(tenantId);
    }
}
