package dev.phishnet.projector.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.phishnet.projector.audit.AuditLogEntry;
import dev.phishnet.service.readmodel.ReadModelNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Carries out the pending {@code retention_jobs}, off the stream threads, on one thread of its own: each turn, one
 * batch per pending job (so that tenants take turns), then a pause. A batch finds at most {@code batchSize} ids of
 * the tenant's documents older than the cutoff, oldest first along the timestamp index, and deletes them by id; a
 * batch that comes back short finishes the job. Small batches with pauses between them keep the queries of the same
 * collection answering while millions of documents go. The jobs are durable, so a restarted projector resumes them.
 * Every running read-model generation has its own jobs and collections: the purger works on each of them.
 */
public final class RetentionPurger implements SmartLifecycle {

    static final String PURGED_COUNTER = "projector.retention.purged";
    static final String BATCH_SUMMARY = "projector.retention.purge.batch";
    static final String JOBS_COUNTER = "projector.retention.jobs.done";
    /** The timestamp each purgeable collection is aged by: the field of its tenant-and-time index. */
    private static final Map<String, String> TIMESTAMP_FIELDS = Map.of(AuditLogEntry.COLLECTION, "occurredAt");
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(RetentionPurger.class);

    /**
     * @param batchSize the most documents one batch deletes
     * @param pause how long the purger waits between turns while jobs are pending
     * @param pollInterval how often it looks for new jobs when none is pending
     */
    public record Settings(int batchSize, Duration pause, Duration pollInterval) {
    }

    private final MongoDatabase database;
    private final Supplier<List<ReadModelNames>> generations;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Counter> purged = new HashMap<>();
    private final DistributionSummary batches;
    private final Counter jobsDone;
    private final MeterRegistry meters;
    /** Progress of the jobs this instance has worked on, for its log lines. */
    private final Map<String, Progress> progress = new HashMap<>();
    private ScheduledExecutorService thread;

    /** A purger of the first generation's collections only. */
    public RetentionPurger(MongoDatabase database, Settings settings, MeterRegistry meters, Clock clock) {
        this(database, () -> List.of(ReadModelNames.FIRST), settings, meters, clock);
    }

    /**
     * @param generations the generations whose jobs it carries out, asked at each turn: each generation has its own
     *     {@code retention_jobs} (projected from the audit trail like the rest) and its own collections to purge
     */
    public RetentionPurger(MongoDatabase database, Supplier<List<ReadModelNames>> generations, Settings settings,
            MeterRegistry meters, Clock clock) {
        this.database = database;
        this.generations = generations;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        for (String collection : TIMESTAMP_FIELDS.keySet()) {
            purged.put(collection, purgedCounter(collection));
        }
        this.batches = DistributionSummary.builder(BATCH_SUMMARY).baseUnit("documents")
                .description("Documents deleted per retention purge batch").register(meters);
        this.jobsDone = Counter.builder(JOBS_COUNTER).description("Retention purge jobs finished").register(meters);
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread purger = new Thread(task, "retention-purger");
            purger.setDaemon(true);
            return purger;
        });
        thread.execute(this::turn);
    }

    /** Stops between batches: a batch deletes by id, so one cut short only leaves its job pending for the next start. */
    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("The retention purger did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    private void turn() {
        Duration next = settings.pollInterval();
        try {
            boolean more = false;
            for (ReadModelNames names : generations.get()) {
                MongoCollection<Document> jobs = database.getCollection(names.collection(RetentionJob.COLLECTION));
                for (Document job : jobs.find(Filters.eq("status", RetentionJob.PENDING))
                        .sort(Sorts.ascending("_id")).into(new ArrayList<>())) {
                    more |= purgeBatch(names, jobs, job);
                }
            }
            if (more) {
                next = settings.pause();
            }
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            // MongoDB away or failing: the jobs wait in MongoDB, and the next turn tries again.
            log.warn("Retention purge turn failed; retrying in {}", next, e);
        }
        schedule(next);
    }

    private synchronized void schedule(Duration delay) {
        if (thread != null && !thread.isShutdown()) {
            thread.schedule(this::turn, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One batch of one job; true while the job has more to delete. */
    private boolean purgeBatch(ReadModelNames names, MongoCollection<Document> jobs, Document job) {
        String jobId = names.generation() == 1 ? job.getString("_id")
                : job.getString("_id") + " (generation " + names.generation() + ")";
        String collection = job.getString("collection");
        String field = TIMESTAMP_FIELDS.get(collection);
        if (field == null) {
            log.error("Retention job {} names {}, which has no purge: leaving it pending", jobId, collection);
            return false;
        }
        String tenantId = job.getString("tenantId");
        Date cutoff = job.getDate("cutoff");
        MongoCollection<Document> target = database.getCollection(names.collection(collection));
        List<Object> ids = new ArrayList<>(settings.batchSize());
        Bson due = Filters.and(Filters.eq("tenantId", tenantId), Filters.lt(field, cutoff));
        target.find(due).sort(Sorts.ascending(field)).projection(Projections.include("_id"))
                .limit(settings.batchSize()).forEach(document -> ids.add(document.get("_id")));
        long deleted = ids.isEmpty() ? 0
                : target.deleteMany(Filters.and(Filters.eq("tenantId", tenantId), Filters.in("_id", ids)))
                        .getDeletedCount();
        purged.computeIfAbsent(collection, this::purgedCounter).increment(deleted);
        batches.record(deleted);
        Progress jobProgress = progress.computeIfAbsent(jobId, id -> new Progress(clock.instant()));
        jobProgress.deleted += deleted;
        jobs.updateOne(Filters.eq("_id", job.get("_id")), Updates.inc("deleted", deleted));
        if (ids.size() < settings.batchSize()) {
            // Done for this cutoff only: a run that moved it since leaves the job pending.
            jobs.updateOne(Filters.and(Filters.eq("_id", job.get("_id")), Filters.eq("cutoff", cutoff)),
                    Updates.combine(Updates.set("status", RetentionJob.DONE),
                            Updates.set("doneAt", Date.from(clock.instant()))));
            jobsDone.increment();
            progress.remove(jobId);
            logProgress("Finished", jobId, cutoff, jobProgress);
            return false;
        }
        if (Duration.between(jobProgress.loggedAt, clock.instant()).compareTo(PROGRESS_LOG_INTERVAL) >= 0) {
            logProgress("Purging", jobId, cutoff, jobProgress);
            jobProgress.loggedAt = clock.instant();
        }
        return true;
    }

    private void logProgress(String what, String jobId, Date cutoff, Progress jobProgress) {
        double seconds = Math.max(0.001, Duration.between(jobProgress.startedAt, clock.instant()).toMillis() / 1000.0);
        log.info("{} retention job {} (before {}): {} documents deleted so far, {} per second", what, jobId,
                cutoff.toInstant(), jobProgress.deleted, Math.round(jobProgress.deleted / seconds));
    }

    private Counter purgedCounter(String collection) {
        return Counter.builder(PURGED_COUNTER).tag("collection", collection)
                .description("Documents deleted by retention purges").register(meters);
    }

    /** How far this instance has taken a job. */
    private static final class Progress {

        private final Instant startedAt;
        private Instant loggedAt;
        private long deleted;

        Progress(Instant startedAt) {
            this.startedAt = startedAt;
            this.loggedAt = startedAt;
        }
    }
}
