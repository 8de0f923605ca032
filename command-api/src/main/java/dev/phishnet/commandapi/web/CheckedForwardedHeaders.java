package dev.phishnet.commandapi.web;

import java.util.List;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import reactor.core.publisher.Mono;

/**
 * Forwarded headers as {@code server.forward-headers-strategy=framework} applies them, from trusted proxies only
 * ({@link TrustedProxies}), but a malformed one (a port
 * that is not a number, a host with spaces) is a 400 problem naming the header. Spring's server adapter applies the
 * transformer before any filter and answered such a request with a bodiless 400 of its own; this transformer keeps
 * the request as received instead (its forwarded headers dropped, so nothing trusts them) and, as a filter, refuses it.
 */
final class CheckedForwardedHeaders extends ForwardedHeaderTransformer implements WebFilter, Ordered {

    private static final List<String> NAMES = TrustedProxies.FORWARDED_HEADERS;

    private final TrustedProxies proxies;

    CheckedForwardedHeaders(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    @Override
    public ServerHttpRequest apply(ServerHttpRequest received) {
        // First what the request may carry at all: only a trusted proxy's, and of the chain only the client's entry.
        ServerHttpRequest request = proxies.restrict(received);
        try {
            return super.apply(request);
        } catch (RuntimeException malformed) {
            String header = NAMES.stream().filter(request.getHeaders()::containsHeader).findFirst().orElse("Forwarded");
            return new Malformed(request.mutate().headers(headers -> NAMES.forEach(headers::remove)).build(), header);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest() instanceof Malformed malformed) {
            return Mono.error(ApiProblem.invalid(malformed.header, "is not a valid forwarded header"));
        }
        return chain.filter(exchange);
    }

    /** Right after {@link BodilessErrors}, before anything else can wrap the request. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    /** A request whose forwarded headers could not be applied; {@code header} is the first of them. */
    private static final class Malformed extends ServerHttpRequestDecorator {

        private final String header;

        Malformed(ServerHttpRequest request, String header) {
            super(request);
            this.header = header;
        }
    }
}
