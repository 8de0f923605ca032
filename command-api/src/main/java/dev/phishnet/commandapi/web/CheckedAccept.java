package dev.phishnet.commandapi.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * An Accept header that is not a list of media types ({@code /}, {@code *}{@code /*;q=abc}) is a 400 problem naming
 * it, before any handler. Left to content negotiation it fails every answer, the error's problem included: the API
 * answered a bodiless 400 or 406.
 */
final class CheckedAccept implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        List<String> accept = exchange.getRequest().getHeaders().get(HttpHeaders.ACCEPT);
        if (accept != null && !readable(accept)) {
            return Mono.error(ApiProblem.invalid(HttpHeaders.ACCEPT, "is not a list of media types"));
        }
        return chain.filter(exchange);
    }

    private static boolean readable(List<String> accept) {
        try {
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                type.getQualityValue();
            }
            return true;
        } catch (IllegalArgumentException unreadable) {
            // InvalidMediaTypeException, and a quality that is not a number.
            return false;
        }
    }

    /** Right after the forwarded headers are checked, before anything negotiates. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }
}
