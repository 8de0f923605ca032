package dev.phishnet.commandapi.statsapi;

import java.time.LocalDate;
import java.util.List;

import org.bson.Document;

/**
 * Analyses counted by the UTC day their email was received, as {@code GET /api/v1/analyses/stats} answers.
 *
 * @param scope {@code user} or {@code tenant}
 * @param userId whose analyses, for scope user; null for the tenant's
 * @param from the first day counted
 * @param to the last day counted
 * @param total analyses received in the range
 * @param byStatus of which pending, completed, failed
 * @param byThreatLevel completed ones by final threat level
 * @param byDay the days with analyses, in order; days without any are left out
 */
record AnalysisStats(String scope, String userId, LocalDate from, LocalDate to, long total, ByStatus byStatus,
        ByThreatLevel byThreatLevel, List<Day> byDay) {

    static AnalysisStats of(String scope, String userId, DayRange range, List<Day> days) {
        Day sum = new Day(null, 0, ByStatus.NONE, ByThreatLevel.NONE);
        for (Day day : days) {
            sum = sum.plus(day);
        }
        return new AnalysisStats(scope, userId, range.from(), range.to(), sum.total(), sum.byStatus(),
                sum.byThreatLevel(), List.copyOf(days));
    }

    record ByStatus(long pending, long completed, long failed) {

        static final ByStatus NONE = new ByStatus(0, 0, 0);

        ByStatus plus(ByStatus other) {
            return new ByStatus(pending + other.pending, completed + other.completed, failed + other.failed);
        }

        static ByStatus from(Document counts) {
            return new ByStatus(count(counts, "pending"), count(counts, "completed"), count(counts, "failed"));
        }
    }

    record ByThreatLevel(long safe, long low, long medium, long high, long critical) {

        static final ByThreatLevel NONE = new ByThreatLevel(0, 0, 0, 0, 0);

        ByThreatLevel plus(ByThreatLevel other) {
            return new ByThreatLevel(safe + other.safe, low + other.low, medium + other.medium, high + other.high,
                    critical + other.critical);
        }

        static ByThreatLevel from(Document counts) {
            return new ByThreatLevel(count(counts, "safe"), count(counts, "low"), count(counts, "medium"),
                    count(counts, "high"), count(counts, "critical"));
        }
    }

    /** One day's counts. */
    record Day(LocalDate day, long total, ByStatus byStatus, ByThreatLevel byThreatLevel) {

        Day plus(Day other) {
            return new Day(day, total + other.total, byStatus.plus(other.byStatus),
                    byThreatLevel.plus(other.byThreatLevel));
        }

        /** The day of an {@code analysis_stats} document: the sum of its partitions' parts. */
        static Day from(Document document) {
            Day sum = new Day(LocalDate.parse(document.getString("day")), 0, ByStatus.NONE, ByThreatLevel.NONE);
            Document parts = document.get("parts", Document.class);
            for (Object value : parts != null ? parts.values() : List.of()) {
                Document part = (Document) value;
                sum = sum.plus(new Day(sum.day(), count(part, "total"),
                        ByStatus.from(part.get("byStatus", new Document())),
                        ByThreatLevel.from(part.get("byThreatLevel", new Document()))));
            }
            return sum;
        }
    }

    private static long count(Document counts, String name) {
        Object count = counts.get(name);
        return count instanceof Number number ? number.longValue() : 0;
    }
}
