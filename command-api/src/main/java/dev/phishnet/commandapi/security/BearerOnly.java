package dev.phishnet.commandapi.security;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Bearer tokens as Spring Security reads them, but an {@code Authorization} header of any other scheme on the API
 * ({@code Token ...}, {@code Basic ...}) is a 401, not ignored. Ignored, it would turn a caller's broken credentials
 * into an anonymous request: on an endpoint open to anonymous callers (registration, sign-in) an admin's
 * {@code POST /api/v1/users} would quietly become a self-registration into the default tenant.
 */
final class BearerOnly implements ServerAuthenticationConverter {

    private static final String BEARER = "Bearer ";

    private final ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        var authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization != null && request.getPath().pathWithinApplication().value().startsWith("/api/")
                && authorization.stream().anyMatch(value -> !value.regionMatches(true, 0, BEARER, 0, BEARER.length()))) {
            return Mono.error(new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest(
                    "Authorization: only Bearer tokens are accepted")));
        }
        return bearer.convert(exchange);
    }
}
