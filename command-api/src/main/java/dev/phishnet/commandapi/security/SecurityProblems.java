package dev.phishnet.commandapi.security;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.phishnet.commandapi.web.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The 401 and 403 answers: the {@code WWW-Authenticate: Bearer ...} header of RFC 6750 (what an OAuth client reads)
 * plus an {@code application/problem+json} body like every other error of the API (what a person reads). Also the 400
 * of the firewall, which refuses a request before any of this runs.
 */
final class SecurityProblems implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler,
        ServerExchangeRejectedHandler {

    /** Says what the firewall refuses without echoing the request's (possibly hostile) text. */
    static final String REFUSED = "The request was refused: its method, path or headers hold something the API does "
            + "not accept (such as '..', an encoded '/', ';' or '%', a control character, or an unknown method)";

    private static final Logger log = LoggerFactory.getLogger(SecurityProblems.class);

    private final ProblemWriter writer;

    SecurityProblems(List<HttpMessageWriter<?>> writers) {
        this.writer = new ProblemWriter(writers);
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        Map<String, String> challenge = new LinkedHashMap<>();
        String detail = "This request needs a bearer token";
        if (failure instanceof OAuth2AuthenticationException oauth) {
            OAuth2Error error = oauth.getError();
            challenge.put("error", error.getErrorCode());
            if (StringUtils.hasText(error.getDescription())) {
                challenge.put("error_description", error.getDescription());
                detail = error.getDescription();
            }
        }
        return respond(exchange, HttpStatus.UNAUTHORIZED, challenge, detail);
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return exchange.getPrincipal()
                .map(caller -> Map.of("error", BearerTokenErrorCodes.INSUFFICIENT_SCOPE))
                .defaultIfEmpty(Map.of())
                .flatMap(challenge -> respond(exchange, HttpStatus.FORBIDDEN, challenge,
                        "The caller's roles do not allow this request"));
    }

    /** The firewall's refusal (StrictServerWebExchangeFirewall): a 400 problem rather than its bodiless 400. */
    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        log.debug("Firewall refused {}: {}", exchange.getRequest().getMethod(), rejected.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, REFUSED);
        return write(exchange, HttpStatus.BAD_REQUEST, problem);
    }

    private Mono<Void> respond(ServerWebExchange exchange, HttpStatus status, Map<String, String> challenge,
            String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, bearer(challenge));
        return write(exchange, status, problem);
    }

    /** Answers with this problem, for the other refusals of the security chain (the rate limits'). */
    Mono<Void> write(ServerWebExchange exchange, HttpStatus status, ProblemDetail problem) {
        return writer.write(exchange.getResponse(), status, HttpHeaders.EMPTY, problem);
    }

    private static String bearer(Map<String, String> challenge) {
        if (challenge.isEmpty()) {
            return "Bearer";
        }
        // A quoted-string may not hold a bare quote or backslash; descriptions can quote claim values.
        return challenge.entrySet().stream()
                .map(entry -> entry.getKey() + "=\"" + entry.getValue().replaceAll("[\"\\\\\\r\\n]", "'") + "\"")
                .collect(Collectors.joining(", ", "Bearer ", ""));
    }
}
