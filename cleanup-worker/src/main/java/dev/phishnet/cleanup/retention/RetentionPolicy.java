package dev.phishnet.cleanup.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * How long each kind of data is kept, and so, at a given instant, the cutoff before which it is due.
 *
 * @param analyses how long an analysis is kept after it was requested
 * @param auditLogs how long an audit log entry is kept after it occurred, rounded down to whole UTC days
 * @param threatIntel how long an indicator is kept after it was last reported
 * @param endedSessions how long an ended session is kept after it ended
 */
public record RetentionPolicy(Duration analyses, Duration auditLogs, Duration threatIntel, Duration endedSessions) {

    public RetentionPolicy {
        for (Duration period : new Duration[] {analyses, auditLogs, threatIntel, endedSessions}) {
            if (period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("every retention period must be positive");
            }
        }
    }

    /**
     * The cutoffs at {@code now}: an item whose age started before its category's cutoff is due. The audit-log cutoff
     * is the start of the UTC day of {@code now - auditLogs}, so that a run purges whole days, which the worker
     * counts exactly.
     */
    public Cutoffs cutoffs(Instant now) {
        LocalDate auditDay = now.minus(auditLogs).atZone(ZoneOffset.UTC).toLocalDate();
        return new Cutoffs(now.minus(analyses), now.minus(threatIntel), now.minus(endedSessions),
                auditDay.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** Per category, the instant before which an item is due. */
    public record Cutoffs(Instant analyses, Instant threatIntelligence, Instant sessions, Instant auditLogs) {

        public Instant of(RetentionCategory category) {
            return switch (category) {
                case ANALYSES -> analyses;
                case THREAT_INTELLIGENCE -> threatIntelligence;
                case SESSIONS -> sessions;
                case AUDIT_LOGS -> auditLogs;
            };
        }

        /** The first UTC day whose audit entries are kept. */
        public LocalDate firstAuditDayKept() {
            return auditLogs.atZone(ZoneOffset.UTC).toLocalDate();
        }
    }
}
