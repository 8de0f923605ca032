package dev.phishnet.projector.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.audit.AuditLogEntry;
import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.service.readmodel.ReadModelNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The purger against an in-memory MongoDB: what it deletes, in which batches, and that a new instance resumes. */
class RetentionPurgerTest {

    private static final Instant CUTOFF = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final RetentionPurger.Settings SETTINGS =
            new RetentionPurger.Settings(10, Duration.ofMillis(5), Duration.ofMillis(20));

    private static MongoServer server;
    private static MongoClient client;

    private MongoDatabase database;
    private MongoCollection<Document> auditLogs;
    private final List<RetentionPurger> purgers = new ArrayList<>();

    @BeforeAll
    static void startMongo() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    @AfterAll
    static void stopMongo() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void seed() {
        database = client.getDatabase("purger-" + System.nanoTime());
        auditLogs = database.getCollection(AuditLogEntry.COLLECTION);
        entries("tenant-a", 25, CUTOFF.minus(Duration.ofDays(3)));
        entries("tenant-a", 5, CUTOFF.plusSeconds(5));
        entries("tenant-b", 10, CUTOFF.minus(Duration.ofDays(3)));
    }

    @AfterEach
    void stopPurgers() {
        purgers.forEach(RetentionPurger::stop);
    }

    @Test
    void aJobDeletesItsTenantsEntriesBeforeTheCutoffInBatchesOfTheConfiguredSize() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        job("tenant-a", CUTOFF);

        start(SETTINGS, meters);

        await().atMost(DEADLINE).until(() -> RetentionJob.DONE.equals(job().getString("status")));
        assertThat(count("tenant-a")).isEqualTo(5);
        assertThat(auditLogs.countDocuments(Filters.and(Filters.eq("tenantId", "tenant-a"),
                Filters.lt("occurredAt", java.util.Date.from(CUTOFF))))).isZero();
        assertThat(count("tenant-b")).as("another tenant's entries").isEqualTo(10);
        DistributionSummary batches = meters.get(RetentionPurger.BATCH_SUMMARY).summary();
        assertThat(batches.count()).isEqualTo(3);
        assertThat(batches.max()).isEqualTo(10);
        assertThat(batches.totalAmount()).isEqualTo(25);
        assertThat(meters.get(RetentionPurger.PURGED_COUNTER).tag("collection", "audit_logs").counter().count())
                .isEqualTo(25);
        assertThat(job().get("deleted", Number.class).longValue()).isEqualTo(25);
        assertThat(job().getDate("doneAt")).isNotNull();
    }

    @Test
    void aNewPurgerOnTheSameCollectionsFinishesAJobAnotherLeftPending() {
        job("tenant-a", CUTOFF);
        // Its pause is so long that it stops after its first batch.
        RetentionPurger first = start(new RetentionPurger.Settings(10, Duration.ofHours(1), Duration.ofHours(1)),
                new SimpleMeterRegistry());
        await().atMost(DEADLINE).until(() -> count("tenant-a") == 20);
        first.stop();
        assertThat(job().getString("status")).isEqualTo(RetentionJob.PENDING);

        start(SETTINGS, new SimpleMeterRegistry());

        await().atMost(DEADLINE).until(() -> RetentionJob.DONE.equals(job().getString("status")));
        assertThat(count("tenant-a")).isEqualTo(5);
        assertThat(job().get("deleted", Number.class).longValue()).isEqualTo(25);
    }

    @Test
    void aJobRecordedWhileThePurgerRunsIsPickedUpAtItsNextLook() {
        start(SETTINGS, new SimpleMeterRegistry());

        job("tenant-b", CUTOFF);

        await().atMost(DEADLINE).until(() -> count("tenant-b") == 0);
        assertThat(count("tenant-a")).isEqualTo(30);
    }

    @Test
    void everyRunningGenerationHasItsJobsCarriedOutInItsOwnCollections() {
        ReadModelNames second = new ReadModelNames(2);
        MongoCollection<Document> secondAuditLogs = database.getCollection(second.collection(AuditLogEntry.COLLECTION));
        secondAuditLogs.insertMany(auditLogs.find().into(new ArrayList<>()));
        job("tenant-a", CUTOFF);
        database.getCollection(second.collection(RetentionJob.COLLECTION)).bulkWrite(List.of(
                new RetentionJob("tenant-b", AuditLogEntry.COLLECTION, CUTOFF, "run-2", CUTOFF).upsert()));
        RetentionPurger purger = new RetentionPurger(database, () -> List.of(ReadModelNames.FIRST, second), SETTINGS,
                new SimpleMeterRegistry(), Clock.systemUTC());
        purgers.add(purger);

        purger.start();

        await().atMost(DEADLINE).until(() -> count("tenant-a") == 5
                && secondAuditLogs.countDocuments(Filters.eq("tenantId", "tenant-b")) == 0);
        assertThat(count("tenant-b")).as("generation 1 has no job for tenant-b").isEqualTo(10);
        assertThat(secondAuditLogs.countDocuments(Filters.eq("tenantId", "tenant-a")))
                .as("generation 2 has no job for tenant-a").isEqualTo(30);
    }

    private RetentionPurger start(RetentionPurger.Settings settings, SimpleMeterRegistry meters) {
        RetentionPurger purger = new RetentionPurger(database, settings, meters, Clock.systemUTC());
        purgers.add(purger);
        purger.start();
        return purger;
    }

    private void job(String tenantId, Instant cutoff) {
        database.getCollection(RetentionJob.COLLECTION).bulkWrite(List.of(
                new RetentionJob(tenantId, AuditLogEntry.COLLECTION, cutoff, "run-1", cutoff).upsert()));
    }

    private Document job() {
        return database.getCollection(RetentionJob.COLLECTION).find(Filters.eq("_id", "tenant-a|audit_logs"))
                .first();
    }

    private long count(String tenantId) {
        return auditLogs.countDocuments(Filters.eq("tenantId", tenantId));
    }

    /** {@code count} entries of the tenant, a second apart, the last at {@code last} minus a second. */
    private void entries(String tenantId, int count, Instant last) {
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var event = Events.audit(tenantId + "-" + last + "-" + i, "user.update", AuditOutcome.ACCEPTED);
            event.getEnvelope().setTenantId(tenantId);
            event.getEnvelope().setOccurredAt(last.minusSeconds(count - i));
            event.setDetails(Map.of());
            documents.add(AuditLogEntry.of(event).toDocument());
        }
        auditLogs.insertMany(documents);
    }
}
