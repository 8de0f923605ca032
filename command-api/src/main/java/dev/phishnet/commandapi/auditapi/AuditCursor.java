package dev.phishnet.commandapi.auditapi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import dev.phishnet.commandapi.web.ApiProblem;

/**
 * Where a page of the audit trail ended: the last entry's (occurredAt, id). The next page holds the entries strictly
 * older in that order, so pages never overlap nor skip, however many entries share a millisecond. Opaque to clients.
 */
record AuditCursor(Instant occurredAt, String id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((occurredAt.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static AuditCursor parse(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            if (colon > 0 && colon < text.length() - 1) {
                return new AuditCursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))),
                        text.substring(colon + 1));
            }
        } catch (IllegalArgumentException malformed) {
            // NumberFormatException too: answered below as the same 400.
        }
        throw ApiProblem.invalid("cursor", "not a cursor issued by this API");
    }
}
