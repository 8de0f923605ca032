package dev.phishnet.commandapi.security;

import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * An external OIDC issuer whose access tokens the API accepts, and where its tokens carry the tenant and the roles.
 *
 * @param issuerUri the issuer identifier, exactly as the tokens' {@code iss} claim spells it (Keycloak:
 *     {@code http://host:port/realms/<realm>}); its keys are found through OIDC discovery under this URI
 * @param tenantClaim the claim holding the caller's tenant; absent means {@code tenant}
 * @param rolesClaim the claim holding the caller's roles (a list, or a space- or comma-separated string); absent
 *     means {@code roles}; when a token lacks it, Keycloak's {@code realm_access.roles} is read instead
 * @param audience when set, a token's {@code aud} must contain it (the API's client id at that issuer)
 */
public record TrustedIssuer(String issuerUri, String tenantClaim, String rolesClaim, @Nullable String audience) {

    public TrustedIssuer {
        if (!StringUtils.hasText(issuerUri)) {
            throw new IllegalArgumentException("platform.security.trusted-issuers[n].issuer-uri is required");
        }
        tenantClaim = StringUtils.hasText(tenantClaim) ? tenantClaim : "tenant";
        rolesClaim = StringUtils.hasText(rolesClaim) ? rolesClaim : "roles";
        audience = StringUtils.hasText(audience) ? audience : null;
    }
}
