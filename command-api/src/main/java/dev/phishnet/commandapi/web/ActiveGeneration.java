package dev.phishnet.commandapi.web;

import java.time.Duration;

import dev.phishnet.service.readmodel.ReadModelNames;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Which generation of read-model collections the queries read: the {@code active} field of the {@code current}
 * document of {@code projection_generations} (absent: generation 1), cached and refreshed every
 * {@value #REFRESH_MILLIS} ms. The projector switches generations with one update of that document and keeps the old
 * generation's collections for a grace period, so a query that read the old name a moment after the switch still
 * finds its data. A failed refresh keeps the last known generation. Until a first read has succeeded (MongoDB slow or
 * away while the service starts) the generation is not known and queries answer 503 with {@code Retry-After} rather
 * than guess one: a guessed generation 1 after a rebuild would be a dropped, empty one.
 */
@Component
public class ActiveGeneration implements SmartLifecycle {

    static final long REFRESH_MILLIS = 500;
    static final String CURRENT = "current";
    private static final Logger log = LoggerFactory.getLogger(ActiveGeneration.class);

    private final ReactiveMongoTemplate mongo;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private volatile @Nullable ReadModelNames names;
    private volatile Disposable refreshing;

    ActiveGeneration(ReactiveMongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * The names of the active generation.
     *
     * @throws ApiProblem 503 while no read of the control document has succeeded yet
     */
    public ReadModelNames names() {
        ReadModelNames known = names;
        if (known == null) {
            throw ApiProblem.unavailable("the active read-model generation is not known yet (MongoDB has not "
                    + "answered since the start); retry later", RETRY_AFTER);
        }
        return known;
    }

    /** The active generation's name of collection {@code base} (e.g. {@code users}); see {@link #names()}. */
    public String collection(String base) {
        return names().collection(base);
    }

    /** Reads the control document now; the next value of {@link #names()}. */
    public Mono<ReadModelNames> refresh() {
        return mongo.findOne(Query.query(Criteria.where("_id").is(CURRENT)), Document.class,
                        ReadModelNames.GENERATIONS)
                .map(current -> new ReadModelNames(current.get("active", Number.class) != null
                        ? current.get("active", Number.class).intValue() : 1))
                .defaultIfEmpty(ReadModelNames.FIRST)
                .doOnNext(read -> {
                    ReadModelNames before = names;
                    if (before == null || read.generation() != before.generation()) {
                        log.info("Queries now read read-model generation {}", read.generation());
                    }
                    names = read;
                });
    }

    @Override
    public synchronized void start() {
        if (refreshing != null) {
            return;
        }
        // A first read that does not answer in time is a failed read like any other (queries answer 503 until a
        // refresh succeeds): block(timeout) would throw instead and fail the start of the whole service on a loaded
        // machine, although Kafka, and so every command, is fine.
        refresh().timeout(Duration.ofSeconds(5)).onErrorResume(error -> Mono.empty()).block();
        // A pause after each read, not a fixed rate: a slow read (a loaded machine, MongoDB away) delays the next one
        // instead of overflowing a ticker and ending the refresh for good.
        refreshing = Mono.defer(this::refresh)
                .timeout(Duration.ofSeconds(5))
                .onErrorResume(error -> {
                    ReadModelNames kept = names;
                    log.debug("Could not read the active read-model generation; keeping {}",
                            kept == null ? "none (queries answer 503)" : kept.generation(), error);
                    return Mono.empty();
                })
                .then(Mono.delay(Duration.ofMillis(REFRESH_MILLIS)))
                .repeat()
                .subscribe();
    }

    @Override
    public synchronized void stop() {
        if (refreshing != null) {
            refreshing.dispose();
            refreshing = null;
        }
    }

    @Override
    public boolean isRunning() {
        return refreshing != null;
    }
}
