package dev.phishnet.cleanup.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What retention needs of one event, keyed by the tenant it belongs to: an item that started ageing, items that were
 * purged, or an audit entry of a day.
 */
public sealed interface RetentionFact {

    String tenantId();

    /**
     * An item that ages from {@code at}: an analysis requested, an indicator (last) seen, a session ended.
     *
     * @param ownerId the user a session belongs to (its purge command goes to the user); null for other items
     */
    record Aged(RetentionCategory category, String id, String tenantId, @Nullable String ownerId, Instant at)
            implements RetentionFact {
    }

    /** Items purged: no longer to be aged or purged. */
    record Forgotten(RetentionCategory category, String tenantId, List<String> ids) implements RetentionFact {

        public Forgotten {
            ids = List.copyOf(ids);
        }
    }

    /** One audit log entry of the tenant, on a UTC day. */
    record AuditRecorded(String tenantId, LocalDate day) implements RetentionFact {
    }
}
