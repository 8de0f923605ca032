package dev.phishnet.commandapi.adminapi;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import dev.phishnet.service.readmodel.ReadModelNames;
import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The control documents of {@code projection_generations} as command-api reads and claims them. {@code current} names
 * the active generation, the one being built and the last generation number handed out; a rebuild is claimed by one
 * conditional update of it, so two operators asking at once get one rebuild and one conflict. The projector does the
 * rest (builds, switches, drops).
 */
@Component
class ProjectionGenerations {

    static final String CURRENT = "current";

    /**
     * @param active the generation queries read
     * @param building the generation being built, or null
     * @param lastGeneration the highest generation number handed out
     * @param exists whether the {@code current} document exists (absent: generation 1 only, never rebuilt)
     */
    record Current(int active, Integer building, int lastGeneration, boolean exists) {

        static final Current INITIAL = new Current(1, null, 1, false);

        int next() {
            return lastGeneration + 1;
        }
    }

    private final ReactiveMongoTemplate mongo;

    ProjectionGenerations(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    Mono<Current> current() {
        return mongo.findOne(byId(CURRENT), Document.class, ReadModelNames.GENERATIONS)
                .map(document -> new Current(intOr(document, "active", 1),
                        document.get("building", Number.class) == null ? null
                                : document.get("building", Number.class).intValue(),
                        intOr(document, "lastGeneration", intOr(document, "active", 1)), true))
                .defaultIfEmpty(Current.INITIAL);
    }

    /** Every generation's document, newest first; generation 1 as ACTIVE when the projector has not written it. */
    Mono<List<GenerationView>> all() {
        return mongo.find(Query.query(Criteria.where("_id").regex("^g\\d+$")), Document.class,
                        ReadModelNames.GENERATIONS)
                .map(GenerationView::from)
                .collectSortedList((a, b) -> Integer.compare(b.generation(), a.generation()))
                .map(views -> views.isEmpty() ? List.of(new GenerationView(1, "ACTIVE", null, null, null, null,
                        null, null, null, null)) : views);
    }

    /**
     * Claims generation {@code seen.next()} as the one being built: true if this call claimed it, false if another
     * rebuild is running or another request claimed the number first.
     */
    Mono<Boolean> claim(Current seen, String requestedBy, Instant now) {
        int generation = seen.next();
        Mono<Boolean> claimed;
        if (seen.exists()) {
            claimed = mongo.updateFirst(
                            byId(CURRENT).addCriteria(Criteria.where("building").is(null)
                                    .and("lastGeneration").is(seen.lastGeneration())),
                            new Update().set("building", generation).set("lastGeneration", generation)
                                    .set("updatedAt", Date.from(now)),
                            ReadModelNames.GENERATIONS)
                    .map(result -> result.getModifiedCount() == 1);
        } else {
            claimed = mongo.insert(new Document("_id", CURRENT).append("active", seen.active())
                                    .append("building", generation).append("lastGeneration", generation)
                                    .append("updatedAt", Date.from(now)), ReadModelNames.GENERATIONS)
                    .thenReturn(true)
                    .onErrorResume(DuplicateKeyException.class, duplicate -> Mono.just(false));
        }
        // The projector may already have seen the claim and marked the generation BUILDING: keep its state.
        return claimed.flatMap(won -> !won ? Mono.just(false)
                : mongo.upsert(byId("g" + generation), new Update().setOnInsert("generation", generation)
                                .setOnInsert("state", "REQUESTED").set("requestedBy", requestedBy)
                                .set("requestedAt", Date.from(now)), ReadModelNames.GENERATIONS)
                        .thenReturn(true));
    }

    Mono<GenerationView> generation(int generation) {
        return mongo.findOne(byId("g" + generation), Document.class, ReadModelNames.GENERATIONS)
                .map(GenerationView::from);
    }

    private static Query byId(String id) {
        return Query.query(Criteria.where("_id").is(id)).with(Sort.unsorted());
    }

    private static int intOr(Document document, String field, int otherwise) {
        Number value = document.get(field, Number.class);
        return value != null ? value.intValue() : otherwise;
    }
}
