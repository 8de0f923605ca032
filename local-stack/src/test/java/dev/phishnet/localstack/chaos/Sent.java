package dev.phishnet.localstack.chaos;

/**
 * One request of the load and what its client was told. The id travels as the request's {@code User-Agent}: the API
 * records it in the actor of the command, and the processor copies that actor into every event and audit entry the
 * command causes, which is how the verifier finds them (the correlation id is the API's own and never returned).
 *
 * @param status the HTTP status, or 0 when no answer came (connection refused or reset by a kill, or a timeout)
 * @param resourceId what the answer named (a user, session, analysis or indicator id), when it named one
 * @param detail why a 4xx or 5xx was answered (the problem's detail, or {@code WWW-Authenticate}), for the report
 * @param sentAt when the request was sent ({@code System.nanoTime()}; 0 when not recorded)
 * @param answeredAt when its answer (or its failure) came ({@code System.nanoTime()}; 0 when not recorded)
 * @param contentType the answer's {@code Content-Type}, when it had one
 * @param retryAfter the answer's {@code Retry-After}, when it had one
 */
record Sent(String id, Kind kind, int status, String resourceId, String detail, long sentAt, long answeredAt,
        String contentType, String retryAfter) {

    Sent(String id, Kind kind, int status, String resourceId) {
        this(id, kind, status, resourceId, null);
    }

    Sent(String id, Kind kind, int status, String resourceId, String detail) {
        this(id, kind, status, resourceId, detail, 0, 0, null, null);
    }

    /** How long the client waited for the answer, in milliseconds. */
    long millis() {
        return (answeredAt - sentAt) / 1_000_000;
    }

    /**
     * Neither told success nor refusal: the command may or may not have been decided (503 is the API's "outcome not
     * known yet"). Any other 5xx is a bug, not an unknown outcome.
     */
    boolean unknown() {
        return status == 0 || status == 503;
    }

    boolean succeeded() {
        return status >= 200 && status < 300;
    }

    boolean refused() {
        return status >= 400 && status < 500;
    }
}
