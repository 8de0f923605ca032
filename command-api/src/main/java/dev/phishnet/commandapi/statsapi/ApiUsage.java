package dev.phishnet.commandapi.statsapi;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.bson.Document;

/**
 * A user's audited API calls (accepted or rejected) by UTC day and action, as {@code GET /api/v1/users/{id}/usage}
 * answers.
 *
 * @param userId whose calls
 * @param from the first day counted
 * @param to the last day counted
 * @param total calls in the range
 * @param days the days with calls, in order; days without any are left out
 */
record ApiUsage(String userId, LocalDate from, LocalDate to, long total, List<UsageDay> days) {

    static ApiUsage of(String userId, DayRange range, List<UsageDay> days) {
        return new ApiUsage(userId, range.from(), range.to(), days.stream().mapToLong(UsageDay::total).sum(),
                List.copyOf(days));
    }

    /**
     * One day's calls.
     *
     * @param byAction calls per action ({@code analysis.request}, ...), ordered by action
     */
    record UsageDay(LocalDate day, long total, SortedMap<String, Long> byAction) {

        UsageDay {
            byAction = Collections.unmodifiableSortedMap(new TreeMap<>(byAction));
        }

        /** The day of an {@code api_usage} document: the sum of its partitions' parts. */
        static UsageDay from(Document document) {
            long total = 0;
            TreeMap<String, Long> byAction = new TreeMap<>();
            Document parts = document.get("parts", Document.class);
            for (Object value : parts != null ? parts.values() : List.of()) {
                Document part = (Document) value;
                total += count(part.get("total"));
                // An array of {action, count}: action names hold dots, which MongoDB reads as paths in field names.
                for (Document action : part.getList("byAction", Document.class, List.of())) {
                    byAction.merge(action.getString("action"), count(action.get("count")), Long::sum);
                }
            }
            return new UsageDay(LocalDate.parse(document.getString("day")), total, byAction);
        }

        private static long count(Object count) {
            return count instanceof Number number ? number.longValue() : 0;
        }
    }
}
