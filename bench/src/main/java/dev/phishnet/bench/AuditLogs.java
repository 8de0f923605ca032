package dev.phishnet.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;

/**
 * The stack's {@code audit_logs} and {@code retention_jobs} as the bench reads them, with the MongoDB driver: what
 * the projector wrote, what the purge left, and the peer's one unbatched delete.
 */
final class AuditLogs implements AutoCloseable {

    static final String AUDIT_LOGS = "audit_logs";
    static final String RETENTION_JOBS = "retention_jobs";

    private final MongoClient client;
    private final MongoCollection<Document> logs;
    private final MongoCollection<Document> jobs;
    private final String tenantId;

    /** {@code operationTimeout}: how long one command may take (the peer's delete of a whole backlog is one). */
    AuditLogs(String uri, String tenantId, Duration operationTimeout) {
        var settings = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToSocketSettings(socket -> socket.readTimeout((int) operationTimeout.toMillis(),
                        TimeUnit.MILLISECONDS))
                .build();
        this.client = MongoClients.create(settings);
        MongoDatabase database = client.getDatabase(new ConnectionString(uri).getDatabase());
        this.logs = database.getCollection(AUDIT_LOGS);
        this.jobs = database.getCollection(RETENTION_JOBS);
        this.tenantId = tenantId;
    }

    /**
     * Every document of the collection, from its metadata: no scan, so it can be asked every half second while the
     * purge runs without adding to the load it measures (mongo-java-server answers it from the map's size). The bench
     * tenant's documents are all the collection holds.
     */
    long total() {
        return logs.estimatedDocumentCount();
    }

    /** The tenant's documents older than {@code cutoff}: an exact count (a scan on mongo-java-server). */
    long olderThan(Instant cutoff) {
        return logs.countDocuments(Filters.and(Filters.eq("tenantId", tenantId),
                Filters.lt("occurredAt", Date.from(cutoff))));
    }

    /** The tenant's documents of one seeded batch (its correlation id). */
    long ofBatch(String batch) {
        return logs.countDocuments(Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("correlationId", batch)));
    }

    /** The tenant's {@code retention.run} entries, oldest first. */
    List<Document> retentionRuns() {
        return logs.find(Filters.and(Filters.eq("tenantId", tenantId), Filters.eq("action", "retention.run")))
                .sort(Sorts.ascending("occurredAt")).into(new ArrayList<>());
    }

    /** The projector's purge job of the tenant's audit log, once a retention run asked for one. */
    Optional<Document> purgeJob() {
        return Optional.ofNullable(jobs.find(Filters.eq("_id", tenantId + "|" + AUDIT_LOGS)).first());
    }

    /** What a hand-rolled cron job does: one deleteMany of everything before the cutoff, no batches, no pause. */
    long deleteOlderThan(Instant cutoff) {
        return logs.deleteMany(Filters.and(Filters.eq("tenantId", tenantId),
                Filters.lt("occurredAt", Date.from(cutoff)))).getDeletedCount();
    }

    @Override
    public void close() {
        client.close();
    }
}
