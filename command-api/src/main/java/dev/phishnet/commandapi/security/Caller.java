package dev.phishnet.commandapi.security;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling, as the security layer established it from a verified token: the principal of every authenticated
 * request. Handlers take their tenant from here, never from the request.
 *
 * @param userId the token's subject
 * @param tenantId the caller's tenant, from the issuer's tenant claim
 * @param roles lower-case role names ({@code admin}, {@code analyst}, {@code user}, {@code service}) from the issuer's
 *     roles claim; {@code service} marks a service token (an analyzer, say), which only external issuers grant
 * @param sessionId the session of ours the token belongs to (its {@code sid}), what logging out ends; null for a token
 *     of an external issuer, whose sessions are not ours to end
 */
public record Caller(String userId, String tenantId, Set<String> roles, @Nullable String sessionId) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** A caller identified by an external issuer's token: no session of ours. */
    public Caller(String userId, String tenantId, Set<String> roles) {
        this(userId, tenantId, roles, null);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole("admin");
    }

    /** A service token: a machine acting for the tenant (e.g. an analyzer recording results), not a person. */
    public boolean isService() {
        return hasRole("service");
    }
}
