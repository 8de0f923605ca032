package dev.phishnet.commandapi.user;

import java.util.Set;

import dev.phishnet.commandapi.user.UserEvent.UserRegistered;

/**
 * A user as the command processor knows it. Changed only through the transitions below, each of which applies one
 * event and so counts one version.
 *
 * @param credentialVersion 1 at registration, one more per password change
 * @param version number of events applied; the aggregate version of the last event
 */
public record User(
        UserId id,
        TenantId tenantId,
        Email email,
        String fullName,
        String mobile,
        Set<Role> roles,
        Profile profile,
        PasswordHash passwordHash,
        int credentialVersion,
        boolean active,
        long version) {

    public static final int FIRST_CREDENTIAL_VERSION = 1;

    public User {
        roles = Role.setOf(roles);
    }

    public boolean belongsTo(TenantId tenant) {
        return tenantId.equals(tenant);
    }

    static User registered(UserRegistered event) {
        return new User(
                event.userId(),
                event.tenantId(),
                event.email(),
                event.fullName(),
                event.mobile(),
                event.roles(),
                Profile.EMPTY,
                event.passwordHash(),
                FIRST_CREDENTIAL_VERSION,
                true,
                1);
    }

    static User imported(UserEvent.UserImported event) {
        return new User(
                event.userId(),
                event.tenantId(),
                event.email(),
                event.fullName(),
                null,
                UserDecider.DEFAULT_ROLES,
                Profile.EMPTY,
                event.passwordHash(),
                FIRST_CREDENTIAL_VERSION,
                event.active(),
                1);
    }

    User passwordHashUpgraded(PasswordHash newHash) {
        return new User(id, tenantId, email, fullName, mobile, roles, profile, newHash,
                credentialVersion, active, version + 1);
    }

    User profileUpdated(Profile changes) {
        return new User(id, tenantId, email, fullName, mobile, roles, profile.merge(changes), passwordHash,
                credentialVersion, active, version + 1);
    }

    User passwordChanged(PasswordHash newHash, int newCredentialVersion) {
        return new User(id, tenantId, email, fullName, mobile, roles, profile, newHash,
                newCredentialVersion, active, version + 1);
    }

    User deactivated() {
        return withActive(false);
    }

    User reactivated() {
        return withActive(true);
    }

    User rolesAssigned(Set<Role> newRoles) {
        return new User(id, tenantId, email, fullName, mobile, newRoles, profile, passwordHash,
                credentialVersion, active, version + 1);
    }

    private User withActive(boolean newActive) {
        return new User(id, tenantId, email, fullName, mobile, roles, profile, passwordHash,
                credentialVersion, newActive, version + 1);
    }
}
