package dev.phishnet.commandapi.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request the API answers with an {@code application/problem+json} error. The detail carries {@code field} when one
 * field is at fault and {@code errors} ({@code [{field, message}]}) when validation found several.
 */
public final class ApiProblem extends ErrorResponseException {

    private ApiProblem(HttpStatus status, ProblemDetail body, HttpHeaders headers) {
        super(status, body, null);
        getHeaders().putAll(headers);
    }

    /** 400: the request is malformed or invalid; nothing was published. */
    public static ApiProblem invalid(List<FieldProblem> problems) {
        ProblemDetail detail = detail(HttpStatus.BAD_REQUEST, problems.size() == 1
                ? problems.get(0).message() : "The request has " + problems.size() + " invalid fields");
        detail.setProperty("field", problems.get(0).field());
        detail.setProperty("errors", List.copyOf(problems));
        return new ApiProblem(HttpStatus.BAD_REQUEST, detail, HttpHeaders.EMPTY);
    }

    public static ApiProblem invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    /** 404: the resource does not exist for this caller (another tenant's resource included). */
    public static ApiProblem notFound(String message) {
        return new ApiProblem(HttpStatus.NOT_FOUND, detail(HttpStatus.NOT_FOUND, message), HttpHeaders.EMPTY);
    }

    /** 403: the resource is the caller's to see, but not to change this way. */
    public static ApiProblem forbidden(String message) {
        return new ApiProblem(HttpStatus.FORBIDDEN, detail(HttpStatus.FORBIDDEN, message), HttpHeaders.EMPTY);
    }

    /** 409: the request conflicts with the current state of the resource (e.g. a rebuild already running). */
    public static ApiProblem conflict(String message) {
        return new ApiProblem(HttpStatus.CONFLICT, detail(HttpStatus.CONFLICT, message), HttpHeaders.EMPTY);
    }

    /** 401: this needs a token (the security layer normally answers before a handler runs). */
    public static ApiProblem unauthenticated(String message) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, detail(HttpStatus.UNAUTHORIZED, message), HttpHeaders.EMPTY);
    }

    /** 503: the answer is not known yet; the client may retry after the given delay. */
    public static ApiProblem unavailable(String message, Duration retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, detail(HttpStatus.SERVICE_UNAVAILABLE, message),
                headers);
    }

    /** 429: sign-in is locked for this account or address; the client may retry after the given delay. */
    public static ApiProblem locked(String message, Duration retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, detail(HttpStatus.TOO_MANY_REQUESTS, message), headers);
    }

    /** A problem of the given status, for outcomes decided elsewhere (the command processor). */
    public static ProblemDetail detail(HttpStatus status, String message) {
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(status, message);
        detail.setType(URI.create("about:blank"));
        return detail;
    }
}
