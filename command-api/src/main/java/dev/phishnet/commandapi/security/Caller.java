package dev.phishnet.commandapi.security;

import java.util.Set;

/**
 * Who is calling, as the security layer established it from a verified token: the principal of every authenticated
 * request. Handlers take their tenant from here, never from the request.
 *
 * @param userId the token's subject
 * @param tenantId the caller's tenant, from the issuer's tenant claim
 * @param roles lower-case role names ({@code admin}, {@code analyst}, {@code user}) from the issuer's roles claim
 * @param sessionId the session a token of this API belongs to (its {@code sid}); null for external issuers' tokens
 */
public record Caller(String userId, String tenantId, Set<String> roles, String sessionId) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public Caller(String userId, String tenantId, Set<String> roles) {
        this(userId, tenantId, roles, null);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole("admin");
    }
}
