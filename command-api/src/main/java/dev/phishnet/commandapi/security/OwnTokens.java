package dev.phishnet.commandapi.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.token.TokenSettings;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import reactor.core.publisher.Mono;

/**
 * The authentication of our own access tokens ({@code platform.tokens}): verified in memory against our public keys
 * (nothing is discovered or fetched), and checked like an external issuer's (type, times, issuer, subject, tenant,
 * audience) plus one more rule: the token's session must not have ended. The caller it yields carries that session.
 */
final class OwnTokens {

    /** What we sign with; an external issuer's algorithms do not widen what our own tokens may use. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

    private final String issuer;

    private final ReactiveAuthenticationManager authentication;

    OwnTokens(TokenSettings settings, JWKSet publicKeys, SessionRevocations revocations) {
        this.issuer = settings.issuer();
        CallerClaims claims = new CallerClaims(new TrustedIssuer(settings.issuer(), AccessTokens.TENANT_CLAIM,
                AccessTokens.ROLES_CLAIM, settings.audience()));
        NimbusReactiveJwtDecoder decoder = new NimbusReactiveJwtDecoder(verifier(publicKeys));
        decoder.setJwtValidator(validator(settings, claims, new LiveSession(revocations)));
        JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
        manager.setJwtAuthenticationConverter(token -> Mono.just(new CallerAuthentication(token,
                inSession(claims.caller(token), LiveSession.sessionId(token)))));
        this.authentication = manager;
    }

    String issuer() {
        return issuer;
    }

    ReactiveAuthenticationManager authentication() {
        return authentication;
    }

    /**
     * Signature and key: the header's {@code kid} must name one of our keys and its {@code alg} must fit that key. Type
     * and claims are left to the validators, as for every other issuer.
     */
    private static Converter<JWT, Mono<JWTClaimsSet>> verifier(JWKSet publicKeys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(publicKeys)));
        processor.setJWSTypeVerifier((header, context) -> {
        });
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        return jwt -> {
            if (!(jwt instanceof SignedJWT signed)) {
                return Mono.error(new BadJwtException("Unsupported algorithm of " + jwt.getHeader().getAlgorithm()));
            }
            try {
                return Mono.just(processor.process(signed, null));
            } catch (BadJOSEException | JOSEException e) {
                return Mono.error(new BadJwtException("An error occurred while attempting to decode the Jwt: "
                        + e.getMessage(), e));
            }
        };
    }

    private static OAuth2TokenValidator<Jwt> validator(TokenSettings settings, CallerClaims claims,
            LiveSession session) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(TrustedIssuers.CLOCK_SKEW);
        timestamps.setAllowEmptyExpiryClaim(false);
        JwtTypeValidator types = new JwtTypeValidator(AccessTokens.TYPE.getType());
        types.setAllowEmpty(false);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(
                types, timestamps, new JwtIssuerValidator(settings.issuer()), claims, session));
        if (settings.audience() != null) {
            validators.add(new JwtAudienceValidator(settings.audience()));
        }
        return JwtValidators.createDefaultWithValidators(validators);
    }

    private static Caller inSession(Caller caller, String sessionId) {
        return new Caller(caller.userId(), caller.tenantId(), caller.roles(), sessionId);
    }
}
