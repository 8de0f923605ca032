package dev.phishnet.commandapi.security;

import java.time.Duration;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.token.SigningKeys;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.HttpClient;

/**
 * A stateless OAuth2 resource server: bearer JWTs the API signed itself ({@code platform.tokens}) or from the
 * configured external issuers ({@code platform.security.trusted-issuers}), each request authenticated on its own, no
 * session, no cookie. Health, metrics, info, key discovery and the OpenAPI document are open; so is
 * self-registration when {@code platform.registration.open}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** How long a request may wait on an issuer's discovery document or key set before it fails. */
    private static final Duration ISSUER_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, CommandApiProperties properties,
            ServerCodecConfigurer codecs, SigningKeys signingKeys, SessionRevocations revocations) {
        boolean openRegistration = properties.registration().open();
        SecurityProblems problems = new SecurityProblems(codecs.getWriters());
        log.info("Self-registration without a token is {}", openRegistration ? "open" : "closed");
        return http
                .authorizeExchange(exchange -> {
                    exchange.pathMatchers("/actuator/health/**", "/actuator/prometheus", "/actuator/info",
                            "/.well-known/**").permitAll();
                    // The published contract (OpenAPI), public like the API's own description should be.
                    exchange.pathMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs.yaml").permitAll();
                    // Signing in needs no token; logout does (it names the session it ends).
                    exchange.pathMatchers(HttpMethod.POST, "/api/v1/auth/login", "/api/v1/auth/otp",
                            "/api/v1/auth/otp/verify", "/api/v1/auth/refresh").permitAll();
                    if (openRegistration) {
                        exchange.pathMatchers(HttpMethod.POST, "/api/v1/users").permitAll();
                    }
                    exchange.anyExchange().authenticated();
                })
                .oauth2ResourceServer(server -> server
                        .authenticationManagerResolver(bearerTokens(
                                new OwnTokens(properties.tokens(), signingKeys.publicKeys(), revocations),
                                properties.security()))
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

    private static ReactiveAuthenticationManagerResolver<ServerWebExchange> bearerTokens(OwnTokens own,
            SecuritySettings settings) {
        log.info("Accepting the API's own tokens (issuer {}, keys verified in memory)", own.issuer());
        if (settings.trustedIssuers().isEmpty()) {
            log.info("No external token issuer is configured (platform.security.trusted-issuers): only the API's own "
                    + "tokens are accepted");
        }
        settings.trustedIssuers().forEach(issuer -> log.info("Accepting tokens of {} (tenant claim '{}', roles "
                + "claim '{}', audience {})", issuer.issuerUri(), issuer.tenantClaim(), issuer.rolesClaim(),
                issuer.audience() == null ? "not checked" : "'" + issuer.audience() + "'"));
        return new JwtIssuerReactiveAuthenticationManagerResolver(
                new TrustedIssuers(own, settings.trustedIssuers(), issuerClient()));
    }

    private static WebClient issuerClient() {
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) ISSUER_TIMEOUT.toMillis())
                .responseTimeout(ISSUER_TIMEOUT);
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }
}
