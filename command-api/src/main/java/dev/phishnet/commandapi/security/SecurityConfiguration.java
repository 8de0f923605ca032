package dev.phishnet.commandapi.security;

import java.time.Duration;

import dev.phishnet.commandapi.CommandApiProperties;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * A stateless OAuth2 resource server: bearer JWTs from the configured trusted issuers
 * ({@code platform.security.trusted-issuers}), each request authenticated on its own, no session, no cookie.
 * Health, metrics, info and key discovery are open; so is self-registration when {@code platform.registration.open}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** How long a request may wait on an issuer's discovery document or key set before it fails. */
    private static final Duration ISSUER_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, CommandApiProperties properties,
            ServerCodecConfigurer codecs) {
        boolean openRegistration = properties.registration().open();
        SecurityProblems problems = new SecurityProblems(codecs.getWriters());
        log.info("Self-registration without a token is {}", openRegistration ? "open" : "closed");
        return http
                .authorizeExchange(exchange -> {
                    exchange.pathMatchers("/actuator/health/**", "/actuator/prometheus", "/actuator/info",
                            "/.well-known/**").permitAll();
                    // Signing in needs no token; logout does (it names the session it ends).
                    exchange.pathMatchers(HttpMethod.POST, "/api/v1/auth/login", "/api/v1/auth/otp",
                            "/api/v1/auth/otp/verify", "/api/v1/auth/refresh").permitAll();
                    if (openRegistration) {
                        exchange.pathMatchers(HttpMethod.POST, "/api/v1/users").permitAll();
                    }
                    exchange.anyExchange().authenticated();
                })
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(bearerTokens(properties.security()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                // Bearer tokens, no cookies: there is no session for a cross-site request to ride on, nor to keep.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .build();
    }

    private static ReactiveAuthenticationManagerResolver<ServerWebExchange> bearerTokens(SecuritySettings settings) {
        if (settings.trustedIssuers().isEmpty()) {
            log.warn("No trusted token issuer is configured (platform.security.trusted-issuers): every bearer token "
                    + "is refused");
            ReactiveAuthenticationManager refuseAll = token -> Mono.error(new InvalidBearerTokenException(
                    "No token issuer is configured (platform.security.trusted-issuers): every token is refused"));
            return exchange -> Mono.just(refuseAll);
        }
        settings.trustedIssuers().forEach(issuer -> log.info("Accepting tokens of {} (tenant claim '{}', roles "
                + "claim '{}', audience {})", issuer.issuerUri(), issuer.tenantClaim(), issuer.rolesClaim(),
                issuer.audience() == null ? "not checked" : "'" + issuer.audience() + "'"));
        return new JwtIssuerReactiveAuthenticationManagerResolver(
                new TrustedIssuers(settings.trustedIssuers(), issuerClient()));
    }

    private static WebClient issuerClient() {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) ISSUER_TIMEOUT.toMillis())
                .responseTimeout(ISSUER_TIMEOUT);
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }
}
