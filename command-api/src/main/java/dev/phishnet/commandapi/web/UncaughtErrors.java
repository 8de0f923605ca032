package dev.phishnet.commandapi.web;

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
        log.error("Unhandled error answering {} {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath().value(), error);
        return problems.write(exchange.getResponse(), HttpStatus.INTERNAL_SERVER_ERROR, HttpHeaders.EMPTY,
                ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "The request could not be answered"));
    }

    /** Before Boot's DefaultErrorWebExceptionHandler (-1) and WebFlux's own status handlers (0). */
    @Override
    public int getOrder() {
        return -2;
    }
}
