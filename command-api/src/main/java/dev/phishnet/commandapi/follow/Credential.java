package dev.phishnet.commandapi.follow;

import java.util.List;

/**
 * One account as a login needs it. The password hash is only ever compared here, never logged or answered.
 *
 * @param email normalized address
 * @param credentialVersion the version of {@code passwordHash}; the processor refuses a login checked against an
 *     older one
 * @param roles role names as on the topic (ADMIN, ANALYST, USER)
 */
public record Credential(String userId, String tenantId, String email, String passwordHash, int credentialVersion,
        boolean active, List<String> roles) {

    public Credential {
        roles = List.copyOf(roles);
    }

    @Override
    public String toString() {
        return "Credential[userId=" + userId + ", tenantId=" + tenantId + ", credentialVersion=" + credentialVersion
                + ", active=" + active + "]";
    }

    Credential withPassword(String hash, int version) {
        return new Credential(userId, tenantId, email, hash, version, active, roles);
    }

    Credential withActive(boolean nowActive) {
        return new Credential(userId, tenantId, email, passwordHash, credentialVersion, nowActive, roles);
    }

    Credential withRoles(List<String> newRoles) {
        return new Credential(userId, tenantId, email, passwordHash, credentialVersion, active, newRoles);
    }
}
