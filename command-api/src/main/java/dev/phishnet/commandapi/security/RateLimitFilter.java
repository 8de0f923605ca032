package dev.phishnet.commandapi.security;

import java.net.URI;
import java.util.Arrays;
import java.util.HexFormat;

import dev.phishnet.commandapi.security.RateLimits.Limit;
import dev.phishnet.commandapi.security.RateLimits.Verdict;
import dev.phishnet.commandapi.session.IpAddress;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Rate limits per client in front of {@code /api}: {@code /api/v1/auth/**} has its limit, everything else under
 * {@code /api} another. It runs in the security chain right after authentication, so the client of a request with a
 * valid token is its user (tenant and subject) wherever they call from, and the client of any other request is its
 * address (an IPv6 address by its /64, which one host usually holds whole). A request over the limit is answered
 * 429 {@code application/problem+json} with {@code Retry-After}; every limited answer carries the
 * {@code RateLimit-Policy} and {@code RateLimit} headers (IETF httpapi draft) so a client can pace itself.
 */
final class RateLimitFilter implements WebFilter {

    /** Matched by path segments, as the chain's access rules and the routing match paths. */
    private static final PathPattern API = PathPatternParser.defaultInstance.parse("/api/**");
    private static final PathPattern AUTH = PathPatternParser.defaultInstance.parse("/api/v1/auth/**");
    static final String POLICY_HEADER = "RateLimit-Policy";
    static final String STATE_HEADER = "RateLimit";

    private static final int IPV6_NETWORK_BYTES = 8;

    private final RateLimits buckets;
    private final Limit auth;
    private final Limit others;
    private final SecurityProblems problems;
    private final MeterRegistry meters;

    RateLimitFilter(RateLimitSettings settings, RateLimits buckets, SecurityProblems problems, MeterRegistry meters) {
        this.buckets = buckets;
        this.auth = new Limit("auth", settings.authPerMinute());
        this.others = new Limit("default", settings.defaultPerMinute());
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (!API.matches(path)) {
            return chain.filter(exchange);
        }
        Limit limit = AUTH.matches(path) ? auth : others;
        return client(exchange).flatMap(client -> {
            Verdict verdict = buckets.take(limit, client);
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set(POLICY_HEADER, limit.policy());
            headers.set(STATE_HEADER, verdict.state());
            if (verdict.allowed()) {
                return chain.filter(exchange);
            }
            meters.counter("phishnet.http.rate.limited", "limit", limit.name()).increment();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                    "Too many requests: at most " + limit.perMinute() + " a minute "
                            + (limit == auth ? "to " + AUTH.getPatternString() + " " : "") + "from one client; retry "
                            + "after " + verdict.retryAfterSeconds() + " s");
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
            return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, problem);
        });
    }

    /** The authenticated user, else the address the request came from. */
    private static Mono<String> client(ServerWebExchange exchange) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated)
                .mapNotNull(authentication -> authentication.getPrincipal() instanceof Caller caller
                        ? "user:" + caller.tenantId() + "/" + caller.userId() : null)
                .switchIfEmpty(Mono.fromSupplier(() -> address(ClientAddress.of(exchange.getRequest()))));
    }

    static String address(@Nullable String literal) {
        if (literal == null) {
            return "ip:unknown";
        }
        try {
            IpAddress address = IpAddress.of(literal);
            byte[] octets = address.octets();
            if (octets.length > IPV6_NETWORK_BYTES) {
                return "ip6:" + HexFormat.of().formatHex(Arrays.copyOf(octets, IPV6_NETWORK_BYTES)) + "/64";
            }
            return "ip:" + address.value();
        } catch (IllegalArgumentException notAnAddress) {
            return "ip:" + literal;
        }
    }
}
