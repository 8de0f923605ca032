package dev.phishnet.commandapi.user;

import java.util.Set;

/**
 * A fact about one user. Envelope data (event id, version, timestamps, actor) is added by the command processor;
 * the user and tenant ids of {@link UserRegistered} map to the envelope's aggregate and tenant ids.
 */
public sealed interface UserEvent {

    /** Credential version 1; roles already defaulted. */
    record UserRegistered(
            UserId userId,
            TenantId tenantId,
            Email email,
            PasswordHash passwordHash,
            String fullName,
            String mobile,
            Set<Role> roles)
            implements UserEvent {
        public UserRegistered {
            roles = Role.setOf(roles);
        }
    }

    /** @param changes only the fields that changed; the others are null */
    record UserProfileUpdated(Profile changes) implements UserEvent {}

    /** @param credentialVersion the version of the new credential; logins checked against an older one are stale */
    record PasswordChanged(PasswordHash passwordHash, int credentialVersion) implements UserEvent {}

    record UserDeactivated(String reason) implements UserEvent {}

    record UserReactivated() implements UserEvent {}

    /** The user's roles were replaced by these. */
    record RolesAssigned(Set<Role> roles) implements UserEvent {
        public RolesAssigned {
            roles = Role.setOf(roles);
        }
    }

    /**
     * A user of the legacy store was imported: credential version 1, default roles, active as it was.
     *
     * @param updatedAt nullable
     * @param lastLoginAt nullable
     */
    record UserImported(
            UserId userId,
            TenantId tenantId,
            String legacyId,
            Email email,
            PasswordHash passwordHash,
            String fullName,
            boolean active,
            boolean verified,
            java.time.Instant createdAt,
            java.time.Instant updatedAt,
            java.time.Instant lastLoginAt)
            implements UserEvent {}

    /** The same password, hashed the current way; the credential version (and so every token) is unchanged. */
    record PasswordHashUpgraded(PasswordHash passwordHash) implements UserEvent {}
}
