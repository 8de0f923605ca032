package dev.phishnet.commandapi.user;

import static dev.phishnet.commandapi.user.Decision.accept;
import static dev.phishnet.commandapi.user.Decision.reject;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;
import static dev.phishnet.commandapi.user.Rejection.Code.NOT_FOUND;

import java.util.Optional;
import java.util.Set;

import dev.phishnet.commandapi.user.UserCommand.AssignRoles;
import dev.phishnet.commandapi.user.UserCommand.ChangePassword;
import dev.phishnet.commandapi.user.UserCommand.DeactivateUser;
import dev.phishnet.commandapi.user.UserCommand.ImportUser;
import dev.phishnet.commandapi.user.UserCommand.ReactivateUser;
import dev.phishnet.commandapi.user.UserCommand.RegisterUser;
import dev.phishnet.commandapi.user.UserCommand.UpdateUserProfile;
import dev.phishnet.commandapi.user.UserCommand.UpgradePasswordHash;
import dev.phishnet.commandapi.user.UserEvent.PasswordHashUpgraded;
import dev.phishnet.commandapi.user.UserEvent.PasswordChanged;
import dev.phishnet.commandapi.user.UserEvent.RolesAssigned;
import dev.phishnet.commandapi.user.UserEvent.UserDeactivated;
import dev.phishnet.commandapi.user.UserEvent.UserImported;
import dev.phishnet.commandapi.user.UserEvent.UserProfileUpdated;
import dev.phishnet.commandapi.user.UserEvent.UserReactivated;
import dev.phishnet.commandapi.user.UserEvent.UserRegistered;

/**
 * The rules of the users aggregate: {@link #decide} turns a command into events or a rejection against the current
 * state, {@link #evolve} folds an event into the state. Both are pure; an absent user is {@code Optional.empty()}.
 *
 * <p>Checks run in one order: the user exists for this tenant, then the user's state allows the command, then the
 * command has something to apply.
 */
public final class UserDecider {

    public static final Set<Role> DEFAULT_ROLES = Set.of(Role.USER);

    // One rejection for "no such user" and "another tenant's user", so a caller cannot probe other tenants' ids.
    static final Rejection USER_NOT_FOUND = Rejection.of(NOT_FOUND, "user not found");
    static final Rejection USER_EXISTS = Rejection.of(CONFLICT, "user already exists");
    /** An import of a user that exists: the importer counts it as a duplicate (a re-run), not as an error. */
    public static final Rejection USER_ALREADY_IMPORTED = Rejection.of(CONFLICT, "user already exists");
    static final Rejection HASH_CHANGED = Rejection.of(CONFLICT,
            "the password hash changed since it was verified", "passwordHash");
    static final Rejection USER_DEACTIVATED = Rejection.of(CONFLICT, "user is deactivated");
    static final Rejection ALREADY_DEACTIVATED = Rejection.of(CONFLICT, "user is already deactivated");
    static final Rejection ALREADY_ACTIVE = Rejection.of(CONFLICT, "user is already active");
    static final Rejection NOTHING_TO_UPDATE = Rejection.of(INVALID, "nothing to update", "profile");
    static final Rejection NO_ROLES = Rejection.of(INVALID, "at least one role is required", "roles");
    static final Rejection ROLES_UNCHANGED = Rejection.of(CONFLICT, "roles unchanged", "roles");

    private UserDecider() {}

    public static Decision<UserEvent> decide(Optional<User> state, UserCommand command) {
        if (command instanceof RegisterUser register) {
            return register(state, register);
        }
        if (command instanceof ImportUser importUser) {
            return importUser(state, importUser);
        }
        Optional<User> visible = state.filter(user -> user.belongsTo(command.tenantId()));
        if (visible.isEmpty()) {
            return reject(USER_NOT_FOUND);
        }
        User user = visible.get();
        if (command instanceof UpdateUserProfile update) {
            return updateProfile(user, update.changes());
        }
        if (command instanceof ChangePassword change) {
            return changePassword(user, change.passwordHash());
        }
        if (command instanceof DeactivateUser deactivate) {
            return user.active() ? accept(new UserDeactivated(deactivate.reason())) : reject(ALREADY_DEACTIVATED);
        }
        if (command instanceof ReactivateUser) {
            return user.active() ? reject(ALREADY_ACTIVE) : accept(new UserReactivated());
        }
        if (command instanceof AssignRoles assign) {
            return assignRoles(user, assign.roles());
        }
        if (command instanceof UpgradePasswordHash upgrade) {
            // Compare-and-set: a password changed meanwhile must not be overwritten by a hash of the old one.
            return user.passwordHash().equals(upgrade.verifiedHash())
                    ? accept(new PasswordHashUpgraded(upgrade.passwordHash())) : reject(HASH_CHANGED);
        }
        throw new IllegalArgumentException("no rule for " + command.getClass().getName());
    }

    public static Optional<User> evolve(Optional<User> state, UserEvent event) {
        if (event instanceof UserRegistered registered) {
            if (state.isPresent()) {
                throw new IllegalStateException("user " + registered.userId() + " registered twice");
            }
            return Optional.of(User.registered(registered));
        }
        if (event instanceof UserImported imported) {
            if (state.isPresent()) {
                throw new IllegalStateException("user " + imported.userId() + " imported over an existing user");
            }
            return Optional.of(User.imported(imported));
        }
        // decide never emits these for an absent user: meeting one means the event log is not this user's history.
        User user = state.orElseThrow(() -> new IllegalStateException(
                event.getClass().getSimpleName() + " before UserRegistered"));
        if (event instanceof UserProfileUpdated updated) {
            return Optional.of(user.profileUpdated(updated.changes()));
        }
        if (event instanceof PasswordChanged changed) {
            return Optional.of(user.passwordChanged(changed.passwordHash(), changed.credentialVersion()));
        }
        if (event instanceof UserDeactivated) {
            return Optional.of(user.deactivated());
        }
        if (event instanceof UserReactivated) {
            return Optional.of(user.reactivated());
        }
        if (event instanceof RolesAssigned assigned) {
            return Optional.of(user.rolesAssigned(assigned.roles()));
        }
        if (event instanceof PasswordHashUpgraded upgraded) {
            return Optional.of(user.passwordHashUpgraded(upgraded.passwordHash()));
        }
        throw new IllegalArgumentException("no transition for " + event.getClass().getName());
    }

    // Any existing user conflicts, whatever its tenant: the id is taken either way, and ids are random UUIDs.
    private static Decision<UserEvent> register(Optional<User> state, RegisterUser command) {
        if (state.isPresent()) {
            return reject(USER_EXISTS);
        }
        Set<Role> roles = command.roles().isEmpty() ? DEFAULT_ROLES : command.roles();
        return accept(new UserRegistered(command.userId(), command.tenantId(), command.email(),
                command.passwordHash(), command.fullName(), command.mobile(), roles));
    }

    // Ids are name-based on (tenant, legacy id): an existing user is this import run before, refused as a duplicate.
    private static Decision<UserEvent> importUser(Optional<User> state, ImportUser command) {
        if (state.isPresent()) {
            return reject(USER_ALREADY_IMPORTED);
        }
        return accept(new UserImported(command.userId(), command.tenantId(), command.legacyId(), command.email(),
                command.passwordHash(), command.fullName(), command.active(), command.verified(),
                command.createdAt(), command.updatedAt(), command.lastLoginAt()));
    }

    // A no-op is not a fact: an update that changes nothing is refused rather than recorded.
    private static Decision<UserEvent> updateProfile(User user, Profile changes) {
        if (!user.active()) {
            return reject(USER_DEACTIVATED);
        }
        Profile effective = changes.differingFrom(user.profile());
        return effective.isEmpty() ? reject(NOTHING_TO_UPDATE) : accept(new UserProfileUpdated(effective));
    }

    private static Decision<UserEvent> changePassword(User user, PasswordHash newHash) {
        if (!user.active()) {
            return reject(USER_DEACTIVATED);
        }
        return accept(new PasswordChanged(newHash, user.credentialVersion() + 1));
    }

    private static Decision<UserEvent> assignRoles(User user, Set<Role> roles) {
        if (!user.active()) {
            return reject(USER_DEACTIVATED);
        }
        if (roles.isEmpty()) {
            return reject(NO_ROLES);
        }
        return roles.equals(user.roles()) ? reject(ROLES_UNCHANGED) : accept(new RolesAssigned(roles));
    }
}
