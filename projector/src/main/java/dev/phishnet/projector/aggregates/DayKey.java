package dev.phishnet.projector.aggregates;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * What one aggregate document counts: a user's (or, with a null user, the whole tenant's) records of one UTC day.
 *
 * @param tenantId the tenant
 * @param userId the user; null for the tenant's total
 * @param day the UTC day
 */
public record DayKey(String tenantId, @Nullable String userId, LocalDate day) {

    /** Stands for "every user of the tenant" in a document id. */
    public static final String WHOLE_TENANT = "*";

    public static LocalDate utcDay(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    /** {@code <tenant>|<user or *>|<yyyy-mm-dd>}: the document's {@code _id}, and its state-store key. */
    public String id() {
        return tenantId + "|" + (userId != null ? userId : WHOLE_TENANT) + "|" + day;
    }

    /** The same day's key for the whole tenant. */
    public DayKey wholeTenant() {
        return new DayKey(tenantId, null, day);
    }
}
