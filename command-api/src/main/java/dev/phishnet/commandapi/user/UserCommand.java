package dev.phishnet.commandapi.user;

import java.util.Objects;
import java.util.Set;

/** A request to change one user, made in the name of one tenant. Passwords arrive hashed. */
public sealed interface UserCommand {

    UserId userId();

    TenantId tenantId();

    /**
     * @param mobile nullable
     * @param roles empty means the default roles
     */
    record RegisterUser(
            UserId userId,
            TenantId tenantId,
            Email email,
            PasswordHash passwordHash,
            String fullName,
            String mobile,
            Set<Role> roles)
            implements UserCommand {
        public RegisterUser {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(tenantId, "tenantId");
            roles = Role.setOf(roles);
        }
    }

    /** @param changes null fields stay unchanged */
    record UpdateUserProfile(UserId userId, TenantId tenantId, Profile changes) implements UserCommand {
        public UpdateUserProfile {
            Objects.requireNonNull(changes, "changes");
        }
    }

    record ChangePassword(UserId userId, TenantId tenantId, PasswordHash passwordHash) implements UserCommand {}

    /** @param reason nullable */
    record DeactivateUser(UserId userId, TenantId tenantId, String reason) implements UserCommand {}

    record ReactivateUser(UserId userId, TenantId tenantId) implements UserCommand {}

    /** Replaces the user's roles by these. */
    record AssignRoles(UserId userId, TenantId tenantId, Set<Role> roles) implements UserCommand {
        public AssignRoles {
            roles = Role.setOf(roles);
        }
    }

    /**
     * Imports one user of the legacy store with its legacy (bcrypt) hash.
     *
     * @param updatedAt nullable
     * @param lastLoginAt nullable
     */
    record ImportUser(
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
            implements UserCommand {
        public ImportUser {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(legacyId, "legacyId");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(fullName, "fullName");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /**
     * Replaces a legacy hash by a current hash of the same password, if the stored hash is still the one the
     * password was verified against (compare-and-set).
     */
    record UpgradePasswordHash(UserId userId, TenantId tenantId, PasswordHash verifiedHash, PasswordHash passwordHash)
            implements UserCommand {}
}
