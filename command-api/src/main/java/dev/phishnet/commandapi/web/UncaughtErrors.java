package dev.phishnet.commandapi.web;

import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The last answer to an error no controller advice could render: a problem, not Boot's JSON error page. It catches
 * what fails outside a handler or while rendering its error (an Accept header that is not a media type makes even the
 * advice's problem unwritable: 406 {@code application/json} before this), ahead of Boot's handler.
 */
final class UncaughtErrors implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(UncaughtErrors.class);

    private final ProblemWriter problems;

    UncaughtErrors(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        if (error instanceof ErrorResponse response) {
            return problems.write(exchange.getResponse(), response.getStatusCode(), response.getHeaders(),
                    response.getBody());
        }
        if (slowClient(error)) {
            log.debug("Request {} {} cut off: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), error.toString());
            var headers = new HttpHeaders();
            headers.setConnection("close");
            return problems.write(exchange.getResponse(), HttpStatus.REQUEST_TIMEOUT, headers,
                    ProblemDetail.forStatusAndDetail(HttpStatus.REQUEST_TIMEOUT,
                            "The request did not arrive in time (platform.http.read-timeout / request-timeout)"));
        }
        log.error("Unhandled error answering {} {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().value(), error);
        return problems.write(exchange.getResponse(), HttpStatus.INTERNAL_SERVER_ERROR, HttpHeaders.EMPTY,
                ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "The request could not be answered"));
    }

    /**
     * The client stalled or trickled its request past {@link SlowClients}' limits: its fault, not the server's.
     * Reactor Netty's request-timeout exception is not public; the server closes that connection anyway.
     */
    static boolean slowClient(Throwable error) {
        for (var cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ReadTimeoutException
                    || cause.getClass().getName().equals("reactor.netty.http.server.RequestTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** Before Boot's DefaultErrorWebExceptionHandler (-1) and WebFlux's own status handlers (0). */
    @Override
    public int getOrder() {
        return -2;
    }
}
