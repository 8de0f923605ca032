package dev.phishnet.commandapi.security;

import java.time.Duration;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.token.SigningKeys;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.HttpClient;

/**
 * A stateless OAuth2 resource server: bearer JWTs the API signed itself ({@code platform.tokens}) or from the
 * configured external issuers ({@code platform.security.trusted-issuers}), each request authenticated on its own, no
 * session, no cookie. Health, metrics, info, key discovery and the OpenAPI document are open; so is
 * self-registration when {@code platform.registration.open}. Requests under {@code /api} are rate limited per client
 * ({@code platform.rate-limit}), browsers' cross-origin calls follow {@code platform.cors}, and every answer carries
 * the security headers.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** How long a request may wait on an issuer's discovery document or key set before it fails. */
    private static final Duration ISSUER_TIMEOUT = Duration.ofSeconds(5);

    /** How long a browser keeps to https once told: a year, the usual minimum for preload lists. */
    private static final Duration HSTS_MAX_AGE = Duration.ofDays(365);

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, CommandApiProperties properties,
            ServerCodecConfigurer codecs, SigningKeys signingKeys, SessionRevocations revocations,
            ObjectProvider<TimeMeter> rateLimitClock, ObjectProvider<MeterRegistry> meters) {
        boolean openRegistration = properties.registration().open();
        SecurityProblems problems = new SecurityProblems(codecs.getWriters());
        log.info("Self-registration without a token is {}", openRegistration ? "open" : "closed");
        RateLimitSettings limits = properties.rateLimit();
        if (limits.enabled()) {
            log.info("Rate limits per client: {} requests a minute to /api/v1/auth/**, {} to the rest of /api",
                    limits.authPerMinute(), limits.defaultPerMinute());
            // After authentication, so that a request with a valid token counts against its user.
            // A TimeMeter bean, if any, is the buckets' clock: tests move one by hand.
            RateLimits buckets = new RateLimits(limits.maxBuckets(),
                    rateLimitClock.getIfAvailable(() -> TimeMeter.SYSTEM_MILLISECONDS));
            http.addFilterAfter(new RateLimitFilter(limits, buckets, problems,
                    meters.getIfAvailable(SimpleMeterRegistry::new)), SecurityWebFiltersOrder.AUTHENTICATION);
        } else {
            log.warn("Rate limits are off (platform.rate-limit.enabled=false)");
        }
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
                        .bearerTokenConverter(new BearerOnly())
                        .authenticationManagerResolver(bearerTokens(
                                new OwnTokens(properties.tokens(), signingKeys.publicKeys(), revocations),
                                properties.security()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                // Spring Security's default headers on every answer: X-Content-Type-Options: nosniff, X-Frame-Options:
                // DENY, Cache-Control: no-store (so no token answer is ever cached), and HSTS on requests that came
                // over TLS (https, also as X-Forwarded-Proto behind a trusted proxy). Spelled out where it matters.
                .headers(headers -> headers
                        .frameOptions(frames -> frames.mode(XFrameOptionsServerHttpHeadersWriter.Mode.DENY))
                        .hsts(hsts -> hsts.maxAge(HSTS_MAX_AGE).includeSubdomains(true)))
                // Spring's CORS filter, but refusing with a problem document (CorsFilter).
                .cors(ServerHttpSecurity.CorsSpec::disable)
                .addFilterAt(new CorsFilter(CorsPolicy.of(properties.cors()), problems), SecurityWebFiltersOrder.CORS)
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

    /**
     * The firewall (Spring Security's StrictServerWebExchangeFirewall: '..', encoded '/', ';' or '%' in the path,
     * control characters in headers, unknown methods) answers a problem like the rest of the API, not a bodiless 400.
     */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler(ServerCodecConfigurer codecs) {
        return new SecurityProblems(codecs.getWriters());
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
