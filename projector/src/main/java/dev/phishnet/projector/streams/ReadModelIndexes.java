package dev.phishnet.projector.streams;

import com.mongodb.client.MongoDatabase;
import dev.phishnet.service.readmodel.ReadModelNames;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.phishnet.projector.analysis.AnalysisDocuments;
import dev.phishnet.projector.audit.AuditLogEntry;
import dev.phishnet.projector.session.SessionDocuments;
import dev.phishnet.projector.threatintel.IndicatorDocuments;
import dev.phishnet.projector.user.UserDocuments;

/**
 * The indexes the queries of the read models need on a real MongoDB: users by email within a tenant; a user's
 * sessions within a tenant, by status (or all of them), by start time; the audit trail newest first within a
 * tenant, filtered by actor or by action, with {@code _id} breaking ties of {@code occurredAt} for cursor
 * pagination; a tenant's email analyses newest first by the time the email was received, all of them or a user's (the
 * other filters of that query narrow within it); a tenant's indicators by indicator, or newest first by first report
 * for paging through them. Creating an existing index is a no-op, so this runs at every start.
 */
public final class ReadModelIndexes {

    private ReadModelIndexes() {
    }

    public static void ensure(MongoDatabase database) {
        ensure(database, ReadModelNames.FIRST);
    }

    /** The indexes of one generation's collections. */
    public static void ensure(MongoDatabase database, ReadModelNames names) {
        database.getCollection(names.collection(UserDocuments.COLLECTION)).createIndex(
                Indexes.ascending("tenantId", "email"), new IndexOptions().name("tenant_email"));
        // Read backwards for newest first; without a status the query still uses its tenantId, userId prefix.
        database.getCollection(names.collection(SessionDocuments.COLLECTION)).createIndex(
                Indexes.ascending("tenantId", "userId", "status", "createdAt"),
                new IndexOptions().name("tenant_user_status_created"));
        var auditLogs = database.getCollection(names.collection(AuditLogEntry.COLLECTION));
        auditLogs.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId"),
                Indexes.descending("occurredAt", "_id")), new IndexOptions().name("tenant_newest"));
        auditLogs.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId", "actorId"),
                Indexes.descending("occurredAt", "_id")), new IndexOptions().name("tenant_actor_newest"));
        auditLogs.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId", "action"),
                Indexes.descending("occurredAt", "_id")), new IndexOptions().name("tenant_action_newest"));
        var analyses = database.getCollection(names.collection(AnalysisDocuments.COLLECTION));
        analyses.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId", "userId"),
                Indexes.descending("receivedAt", "_id")), new IndexOptions().name("tenant_user_received"));
        analyses.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId"),
                Indexes.descending("receivedAt", "_id")), new IndexOptions().name("tenant_received"));
        var indicators = database.getCollection(names.collection(IndicatorDocuments.COLLECTION));
        indicators.createIndex(Indexes.ascending("tenantId", "indicator"),
                new IndexOptions().name("tenant_indicator"));
        indicators.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId"),
                Indexes.descending("firstSeenAt", "_id")), new IndexOptions().name("tenant_first_seen"));
    }
}
