package dev.phishnet.commandapi.security;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spring's CORS filter with the API's kind of refusal: a cross-origin request or preflight that {@link CorsPolicy}
 * does not allow is answered 403 {@code application/problem+json} naming the {@code Origin} header (Spring's own
 * filter answers a bodiless 403). An allowed preflight is answered here, as Spring's filter does.
 */
final class CorsFilter implements WebFilter {

    private final CorsConfigurationSource source;
    private final CorsProcessor processor = new DefaultCorsProcessor();
    private final SecurityProblems problems;

    CorsFilter(CorsConfigurationSource source, SecurityProblems problems) {
        this.source = source;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean allowed = processor.process(source.getCorsConfiguration(exchange), exchange);
        if (!allowed) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "Cross-origin request refused: the Origin (or the method or headers a preflight asks for) is not "
                            + "allowed by platform.cors");
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
            problem.setProperty("field", HttpHeaders.ORIGIN);
            return problems.write(exchange, HttpStatus.FORBIDDEN, problem);
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
    }
}
