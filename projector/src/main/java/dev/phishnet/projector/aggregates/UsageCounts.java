package dev.phishnet.projector.aggregates;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import org.bson.Document;

/**
 * A user's audited API calls of one day counted by one partition, accepted or rejected, in all and by action.
 *
 * @param total calls counted
 * @param byAction calls per action ({@code user.register}, {@code analysis.request}, ...), ordered by action
 */
public record UsageCounts(long total, SortedMap<String, Long> byAction) {

    public static final UsageCounts NONE = new UsageCounts(0, new TreeMap<>());

    public UsageCounts {
        byAction = Collections.unmodifiableSortedMap(new TreeMap<>(byAction));
    }

    /** These counts with one more call of the action. */
    public UsageCounts plus(String action) {
        TreeMap<String, Long> next = new TreeMap<>(byAction);
        next.merge(action, 1L, Long::sum);
        return new UsageCounts(total + 1, next);
    }

    /**
     * {@code {total, byAction: [{action, count}]}}: an array, not a map, because action names hold dots, which
     * MongoDB reads as paths in field names. Ordered by action, so the same counts always make the same document.
     */
    public Document toDocument() {
        List<Document> actions = new ArrayList<>();
        byAction.forEach((action, count) -> actions.add(new Document("action", action).append("count", count)));
        return new Document("total", total).append("byAction", actions);
    }

    public static UsageCounts fromDocument(Document document) {
        TreeMap<String, Long> byAction = new TreeMap<>();
        for (Document action : document.getList("byAction", Document.class)) {
            byAction.put(action.getString("action"), action.getLong("count"));
        }
        return new UsageCounts(document.getLong("total"), byAction);
    }
}
