package dev.phishnet.commandapi.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * An error status completed with no body (the actuator's 404 for a health component that does not exist, a handler
 * returning an empty error entity) gets the problem of its status, so that every error of the API is a problem.
 */
final class BodilessErrors implements WebFilter, Ordered {

    private final ProblemWriter problems;

    BodilessErrors(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return chain.filter(exchange.mutate().response(new Completing(exchange.getResponse())).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private final class Completing extends ServerHttpResponseDecorator {

        Completing(ServerHttpResponse response) {
            super(response);
        }

        @Override
        public Mono<Void> setComplete() {
            HttpStatusCode status = getStatusCode();
            if (status != null && status.isError() && !isCommitted() && getHeaders().getContentType() == null) {
                return problems.write(getDelegate(), status, HttpHeaders.EMPTY, ProblemDetail.forStatus(status));
            }
            return super.setComplete();
        }
    }
}
