package dev.phishnet.commandapi.security;

import java.util.Set;

/**
 * Who is calling, as the security layer established it from a verified token: the principal of every authenticated
 * request. Handlers take their tenant from here, never from the request.
 *
 * @param userId the token's subject
 * @param tenantId the caller's tenant, from the issuer's tenant claim
 * @param roles lower-case role names ({@code admin}, {@code analyst}, {@code user}) from the issuer's roles claim
 */
public record Caller(String userId, String tenantId, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole("admin");
    }
}
