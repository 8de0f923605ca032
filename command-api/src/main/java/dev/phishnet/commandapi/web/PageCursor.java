package dev.phishnet.commandapi.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import org.springframework.data.mongodb.core.query.Criteria;

/**
 * Where a page of a newest-first listing ended: the last item's (time, id), for listings sorted by a time field
 * descending and then {@code _id} descending. The next page holds the items strictly after it in that order, so pages
 * never overlap nor skip, however many items share a millisecond. Opaque to clients.
 */
public record PageCursor(Instant at, String id) {

    public static final String PARAMETER = "cursor";

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((at.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back; null when it sent none; a cursor this API did not issue is a 400. */
    public static PageCursor parse(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon > 0 && colon < text.length() - 1) {
                return new PageCursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))),
                        text.substring(colon + 1));
            }
        } catch (IllegalArgumentException malformed) {
            // NumberFormatException too: answered below as the same 400.
        }
        throw ApiProblem.invalid(PARAMETER, "not a cursor issued by this API");
    }

    /** What comes strictly after this cursor in ({@code timeField} descending, {@code _id} descending) order. */
    public Criteria after(String timeField) {
        Date time = Date.from(at);
        return new Criteria().orOperator(
                Criteria.where(timeField).lt(time),
                new Criteria().andOperator(Criteria.where(timeField).is(time), Criteria.where("_id").lt(id)));
    }
}
