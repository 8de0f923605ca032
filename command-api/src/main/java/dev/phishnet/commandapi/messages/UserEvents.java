package dev.phishnet.commandapi.messages;

import java.util.List;
import java.util.Set;

import dev.phishnet.commandapi.user.Profile;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.UserEvent;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.user.PasswordChanged;
import dev.phishnet.schemas.user.PasswordHashUpgraded;
import dev.phishnet.schemas.user.UserImported;
import dev.phishnet.schemas.user.RolesAssigned;
import dev.phishnet.schemas.user.UserDeactivated;
import dev.phishnet.schemas.user.UserProfileUpdated;
import dev.phishnet.schemas.user.UserReactivated;
import dev.phishnet.schemas.user.UserRegistered;

/** Domain user events as values of the {@code user-events} topic. */
public final class UserEvents {

    private UserEvents() {}

    public static dev.phishnet.schemas.user.UserEvent toMessage(UserEvent event, EventEnvelope envelope) {
        return new dev.phishnet.schemas.user.UserEvent(envelope, payload(event));
    }

    private static Object payload(UserEvent event) {
        if (event instanceof UserEvent.UserRegistered registered) {
            return new UserRegistered(registered.email().value(), registered.passwordHash().value(),
                    registered.fullName(), registered.mobile(), roles(registered.roles()));
        }
        if (event instanceof UserEvent.UserProfileUpdated updated) {
            Profile changes = updated.changes();
            return new UserProfileUpdated(changes.bio(), changes.company(), changes.location(), changes.timezone(),
                    changes.language(), changes.theme());
        }
        if (event instanceof UserEvent.PasswordChanged changed) {
            return new PasswordChanged(changed.passwordHash().value(), changed.credentialVersion());
        }
        if (event instanceof UserEvent.UserDeactivated deactivated) {
            return new UserDeactivated(deactivated.reason());
        }
        if (event instanceof UserEvent.UserReactivated) {
            return new UserReactivated();
        }
        if (event instanceof UserEvent.RolesAssigned assigned) {
            return new RolesAssigned(roles(assigned.roles()));
        }
        if (event instanceof UserEvent.UserImported imported) {
            return new UserImported(imported.legacyId(), imported.email().value(), imported.passwordHash().value(),
                    imported.fullName(), imported.active(), imported.verified(), imported.createdAt(),
                    imported.updatedAt(), imported.lastLoginAt());
        }
        if (event instanceof UserEvent.PasswordHashUpgraded upgraded) {
            return new PasswordHashUpgraded(upgraded.passwordHash().value());
        }
        throw new IllegalArgumentException("no message for " + event.getClass().getName());
    }

    private static List<dev.phishnet.schemas.user.Role> roles(Set<Role> roles) {
        // Role.setOf keeps declaration order, so equal role sets serialize to equal bytes.
        return roles.stream().map(role -> dev.phishnet.schemas.user.Role.valueOf(role.name())).toList();
    }
}
