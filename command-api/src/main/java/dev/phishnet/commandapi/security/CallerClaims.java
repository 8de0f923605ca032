package dev.phishnet.commandapi.security;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.StringUtils;

/**
 * Where one issuer's tokens say who is calling: the subject, the tenant claim and the roles claim it was configured
 * with. A token without a subject or a tenant does not identify a caller, so it is invalid, not merely unprivileged.
 */
final class CallerClaims implements OAuth2TokenValidator<Jwt> {

    /**
     * The roles the platform knows; whatever else an issuer grants (offline_access, ...) means nothing here. The API's
     * own tokens carry a user's roles (admin, analyst, user); {@code service} comes from external issuers'
     * client-credential tokens.
     */
    static final Set<String> KNOWN_ROLES = Set.of("admin", "analyst", "user", "service");

    private final TrustedIssuer issuer;

    CallerClaims(TrustedIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (!StringUtils.hasText(token.getSubject())) {
            return invalid("The token has no 'sub' claim naming the caller");
        }
        Object tenant = token.getClaims().get(issuer.tenantClaim());
        if (tenant == null) {
            return invalid("The token has no '" + issuer.tenantClaim() + "' claim naming the caller's tenant");
        }
        if (!(tenant instanceof String name) || !StringUtils.hasText(name)) {
            return invalid("The token's '" + issuer.tenantClaim() + "' claim must be one non-blank string");
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** Reads the caller from a token this class has validated. */
    Caller caller(Jwt token) {
        return new Caller(token.getSubject(), token.getClaimAsString(issuer.tenantClaim()), roles(token));
    }

    private Set<String> roles(Jwt token) {
        Object granted = token.getClaims().containsKey(issuer.rolesClaim())
                ? token.getClaims().get(issuer.rolesClaim())
                : keycloakRealmRoles(token);
        Set<String> roles = new LinkedHashSet<>();
        names(granted).map(role -> role.toLowerCase(Locale.ROOT)).filter(KNOWN_ROLES::contains).forEach(roles::add);
        return roles;
    }

    private static Object keycloakRealmRoles(Jwt token) {
        return token.getClaims().get("realm_access") instanceof Map<?, ?> realmAccess ? realmAccess.get("roles") : null;
    }

    private static Stream<String> names(Object granted) {
        if (granted instanceof Collection<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast);
        }
        if (granted instanceof String text) {
            return Arrays.stream(text.split("[\\s,]+")).filter(StringUtils::hasText);
        }
        return Stream.empty();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(List.of(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description,
                null)));
    }
}
