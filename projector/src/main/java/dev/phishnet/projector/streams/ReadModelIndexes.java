package dev.phishnet.projector.streams;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.phishnet.projector.audit.AuditLogEntry;
import dev.phishnet.projector.session.SessionDocuments;
import dev.phishnet.projector.user.UserDocuments;

/**
 * The indexes the queries of the read models need on a real MongoDB: users by email within a tenant; a user's
 * sessions within a tenant, by status (or all of them), by start time; the audit trail newest first within a
 * tenant, filtered by actor or by action, with {@code _id} breaking ties of {@code occurredAt} for cursor
 * pagination. Creating an existing index is a no-op, so this runs at every start.
 */
public final class ReadModelIndexes {

    private ReadModelIndexes() {
    }

    public static void ensure(MongoDatabase database) {
        database.getCollection(UserDocuments.COLLECTION).createIndex(
                Indexes.ascending("tenantId", "email"), new IndexOptions().name("tenant_email"));
        // Read backwards for newest first; without a status the query still uses its tenantId, userId prefix.
        database.getCollection(SessionDocuments.COLLECTION).createIndex(
                Indexes.ascending("tenantId", "userId", "status", "createdAt"),
                new IndexOptions().name("tenant_user_status_created"));
        var auditLogs = database.getCollection(AuditLogEntry.COLLECTION);
        auditLogs.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId"),
                Indexes.descending("occurredAt", "_id")), new IndexOptions().name("tenant_newest"));
        auditLogs.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId", "actorId"),
                Indexes.descending("occurredAt", "_id")), new IndexOptions().name("tenant_actor_newest"));
        auditLogs.createIndex(Indexes.compoundIndex(Indexes.ascending("tenantId", "action"),
                Indexes.descending("occurredAt", "_id")), new IndexOptions().name("tenant_action_newest"));
    }
}
