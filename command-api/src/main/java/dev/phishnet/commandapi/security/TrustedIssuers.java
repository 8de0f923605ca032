package dev.phishnet.commandapi.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The issuers whose tokens the API accepts, each with the authentication its tokens get: the API itself
 * ({@link OwnTokens}, verified with its own keys in memory) and the configured external issuers. A token naming any
 * other issuer is refused before anything is fetched from the address it names (otherwise anyone could stand up an
 * issuer and mint tokens).
 *
 * <p>An issuer's decoder is built on its first token and kept; the decoder finds the issuer's keys through OIDC
 * discovery on first use, caches them, and asks again on a key id it has not seen (key rotation). A failed discovery
 * is not cached, so an issuer that was down is found once it is back.
 */
final class TrustedIssuers implements ReactiveAuthenticationManagerResolver<String> {

    /**
     * Only asymmetric signatures: a MAC key would have to be shared with the issuer, and accepting HS256 against a
     * public key is the classic algorithm-confusion forgery. {@code alg: none} is refused by the decoder itself.
     */
    static final Set<SignatureAlgorithm> ALGORITHMS = EnumSet.of(
            SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
            SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512,
            SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

    /** Room for clocks that disagree a little between the issuer and this machine, and no more. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final OwnTokens own;

    private final Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();

    private final Map<String, ReactiveAuthenticationManager> authentications = new ConcurrentHashMap<>();

    private final WebClient web;

    TrustedIssuers(OwnTokens own, List<TrustedIssuer> issuers, WebClient web) {
        this.own = own;
        for (TrustedIssuer issuer : issuers) {
            if (issuer.issuerUri().equals(own.issuer())) {
                // Whose keys would a token naming it be checked with? Neither answer is safe to guess.
                throw new IllegalStateException("The external issuer " + issuer.issuerUri() + " (platform.security."
                        + "trusted-issuers) has the API's own issuer identifier (platform.tokens.issuer): give the API "
                        + "another one");
            }
            this.issuers.put(issuer.issuerUri(), issuer);
        }
        this.web = web;
    }

    @Override
    public Mono<ReactiveAuthenticationManager> resolve(String issuer) {
        if (own.issuer().equals(issuer)) {
            return Mono.just(own.authentication());
        }
        TrustedIssuer trusted = issuers.get(issuer);
        if (trusted == null) {
            // The untrusted value is not echoed: it would land in a response header.
            return Mono.error(new InvalidBearerTokenException("The token's issuer is not trusted"));
        }
        return Mono.just(authentications.computeIfAbsent(issuer, uri -> authentication(trusted)));
    }

    private ReactiveAuthenticationManager authentication(TrustedIssuer issuer) {
        CallerClaims claims = new CallerClaims(issuer);
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(issuer.issuerUri())
                .jwsAlgorithms(algorithms -> algorithms.addAll(ALGORITHMS))
                .webClient(web)
                .build();
        decoder.setJwtValidator(validator(issuer, claims));
        JwtReactiveAuthenticationManager authentication = new JwtReactiveAuthenticationManager(decoder);
        authentication.setJwtAuthenticationConverter(token -> Mono.just(
                new CallerAuthentication(token, claims.caller(token))));
        return authentication;
    }

    private static OAuth2TokenValidator<Jwt> validator(TrustedIssuer issuer, CallerClaims claims) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setAllowEmptyExpiryClaim(false);
        // Plain JWTs and RFC 9068 access tokens; a token typed as something else (an ID token, a logout token) is not
        // an access token.
        JwtTypeValidator types = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
        types.setAllowEmpty(true);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                types, timestamps, new JwtIssuerValidator(issuer.issuerUri()), claims));
        if (issuer.audience() != null) {
            validators.add(new JwtAudienceValidator(issuer.audience()));
        }
        return JwtValidators.createDefaultWithValidators(validators);
    }
}
