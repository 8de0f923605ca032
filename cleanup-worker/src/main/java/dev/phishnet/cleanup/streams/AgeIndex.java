package dev.phishnet.cleanup.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.phishnet.cleanup.retention.RetentionFact;
import dev.phishnet.cleanup.retention.TrackedAge;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The items of one category, each with its age, and an index of them by the instant their age started, so that a run
 * reads only what is due. An item leaves the index as its purge is sent and stays tracked until its purge is seen, so
 * that it is sent once; an event that restarts its age (an indicator reported again) puts it back in order.
 */
final class AgeIndex {

    private final KeyValueStore<String, TrackedAge> items;
    /** {@code <age start, epoch ms, 19 digits>|<item id>} -> item id: items not yet sent, oldest first. */
    private final KeyValueStore<String, String> order;

    AgeIndex(KeyValueStore<String, TrackedAge> items, KeyValueStore<String, String> order) {
        this.items = items;
        this.order = order;
    }

    void track(RetentionFact.Aged fact) {
        TrackedAge current = items.get(fact.id());
        TrackedAge next = TrackedAge.after(current, fact);
        // The same age again (a replay, a retirement) leaves the item where it is: out of order once sent.
        if (next.equals(current)) {
            return;
        }
        items.put(fact.id(), next);
        if (current != null) {
            order.delete(orderKey(current.at(), fact.id()));
        }
        order.put(orderKey(next.at(), fact.id()), fact.id());
    }

    void forget(String id) {
        TrackedAge current = items.get(id);
        if (current != null) {
            items.delete(id);
            order.delete(orderKey(current.at(), id));
        }
    }

    /** Takes out of the order at most {@code limit} items whose age started before {@code cutoff}, oldest first. */
    List<Map.Entry<String, TrackedAge>> takeDue(Instant cutoff, int limit) {
        List<KeyValue<String, String>> rows = new ArrayList<>();
        long lastDue = cutoff.toEpochMilli() - 1;
        if (limit <= 0 || lastDue < 0) {
            return List.of();
        }
        // '}' follows '|', so the range ends after every row of lastDue's millisecond: age start < cutoff.
        try (KeyValueIterator<String, String> due = order.range(null, String.format("%019d}", lastDue))) {
            while (due.hasNext() && rows.size() < limit) {
                rows.add(due.next());
            }
        }
        List<Map.Entry<String, TrackedAge>> taken = new ArrayList<>(rows.size());
        for (KeyValue<String, String> row : rows) {
            order.delete(row.key);
            TrackedAge item = items.get(row.value);
            // Rows and items change together, so this holds; checked because a stray row must not purge.
            if (item != null && orderKey(item.at(), row.value).equals(row.key)) {
                taken.add(Map.entry(row.value, item));
            }
        }
        return taken;
    }

    private static String orderKey(Instant at, String id) {
        return String.format("%019d|%s", Math.max(0, at.toEpochMilli()), id);
    }
}
