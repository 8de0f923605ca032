package dev.phishnet.commandapi.web;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing read by cursor.
 *
 * @param items the page, in the listing's order
 * @param next the cursor of the next page; null (absent in JSON) on the last
 */
public record CursorPage<T>(List<T> items, String next) {

    public CursorPage {
        items = List.copyOf(items);
    }

    /**
     * The page of {@code limit} items out of {@code fetched}, which holds up to one more than a page: that one more
     * tells whether another page follows without a count.
     */
    public static <T> CursorPage<T> of(List<T> fetched, int limit, Function<T, PageCursor> position) {
        if (fetched.size() <= limit) {
            return new CursorPage<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new CursorPage<>(items, position.apply(items.get(limit - 1)).encode());
    }
}
