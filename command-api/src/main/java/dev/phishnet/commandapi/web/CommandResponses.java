package dev.phishnet.commandapi.web;

import java.net.URI;
import java.util.List;

import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.Rejection;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The HTTP answer to a decided command: accepted is 201 (a creation, with {@code Location}) or 200, each with
 * {@code {id, version}} and {@code X-Consistency-Token}; rejected is a problem whose status follows the rejection's
 * code (NOT_FOUND 404, CONFLICT 409, INVALID 400, FORBIDDEN 403, UNPROCESSABLE 422) and which names the field at
 * fault.
 */
public final class CommandResponses {

    private CommandResponses() {
    }

    /** Body of an accepted command: the aggregate it changed and the version it reached. */
    public record Accepted(String id, long version) {
    }

    public static ResponseEntity<Object> created(CommandOutcome outcome, URI location) {
        return outcome.getAccepted()
                ? accepted(ResponseEntity.created(location), outcome) : rejected(outcome);
    }

    public static ResponseEntity<Object> ok(CommandOutcome outcome) {
        return ok(outcome, ConsistencyToken.USERS);
    }

    /** @param kind the read model the consistency token names ({@link ConsistencyToken#USERS}, ...SESSIONS) */
    public static ResponseEntity<Object> ok(CommandOutcome outcome, String kind) {
        return outcome.getAccepted() ? accepted(ResponseEntity.ok(), outcome, kind) : rejected(outcome);
    }

    private static ResponseEntity<Object> accepted(ResponseEntity.BodyBuilder response, CommandOutcome outcome) {
        return accepted(response, outcome, ConsistencyToken.USERS);
    }

    private static ResponseEntity<Object> accepted(ResponseEntity.BodyBuilder response, CommandOutcome outcome,
            String kind) {
        long version = outcome.getAggregateVersion() != null ? outcome.getAggregateVersion() : 0L;
        ConsistencyToken token = new ConsistencyToken(kind, outcome.getAggregateId(), version);
        return response
                .header(ConsistencyToken.HEADER, token.encode())
                .body(new Accepted(outcome.getAggregateId(), version));
    }

    /**
     * The accepted outcome with a body of the endpoint's own (the fields the command knows) and the consistency
     * token of the version it reached; a rejection as for every command.
     *
     * @param kind the read model the consistency token names
     */
    public static ResponseEntity<Object> accepted(CommandOutcome outcome, ResponseEntity.BodyBuilder response,
            String kind, Object body) {
        if (!outcome.getAccepted()) {
            return rejected(outcome);
        }
        long version = outcome.getAggregateVersion() != null ? outcome.getAggregateVersion() : 0L;
        return response.header(ConsistencyToken.HEADER,
                new ConsistencyToken(kind, outcome.getAggregateId(), version).encode()).body(body);
    }

    /** A rejected outcome as a problem whose status follows its code. */
    public static ResponseEntity<Object> rejected(CommandOutcome outcome) {
        Rejection rejection = outcome.getRejection();
        if (rejection == null) {
            ProblemDetail detail = ApiProblem.detail(HttpStatus.INTERNAL_SERVER_ERROR, "command rejected without reason");
            return ResponseEntity.internalServerError().body(detail);
        }
        HttpStatus status = statusOf(rejection.getCode());
        ProblemDetail detail = ApiProblem.detail(status, rejection.getMessage());
        detail.setProperty("code", rejection.getCode());
        if (rejection.getField() != null) {
            detail.setProperty("field", rejection.getField());
            if (status == HttpStatus.BAD_REQUEST) {
                detail.setProperty("errors", List.of(
                        new FieldProblem(rejection.getField(), rejection.getMessage())));
            }
        }
        return ResponseEntity.status(status).body(detail);
    }

    private static HttpStatus statusOf(String code) {
        return switch (code) {
            case "NOT_FOUND" -> HttpStatus.NOT_FOUND;
            case "CONFLICT", "ALREADY_FINAL", "ALREADY_RETIRED" -> HttpStatus.CONFLICT;
            case "INVALID" -> HttpStatus.BAD_REQUEST;
            case "FORBIDDEN" -> HttpStatus.FORBIDDEN;
            // Sessions: refusals of credentials and tokens, and locks (the sign-in flows answer these themselves).
            case "UNAUTHORIZED", "REFRESH_TOKEN_REUSED", "UNKNOWN_ACCOUNT" -> HttpStatus.UNAUTHORIZED;
            case "LOCKED", "RATE_LIMITED" -> HttpStatus.TOO_MANY_REQUESTS;
            case "STALE_CREDENTIAL" -> HttpStatus.CONFLICT;
            // An Idempotency-Key reused for a different request.
            case "UNPROCESSABLE" -> HttpStatus.UNPROCESSABLE_CONTENT;
            // A code this API does not know is its own bug, not the client's.
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
