package dev.phishnet.commandapi.messages;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.PasswordHash;
import dev.phishnet.commandapi.user.Profile;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserCommand;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.user.claim.EmailClaimCommand;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.user.AssignRoles;
import dev.phishnet.schemas.user.ChangePassword;
import dev.phishnet.schemas.user.DeactivateUser;
import dev.phishnet.schemas.user.ImportUser;
import dev.phishnet.schemas.user.UpgradePasswordHash;
import dev.phishnet.schemas.user.ReactivateUser;
import dev.phishnet.schemas.user.RegisterUser;
import dev.phishnet.schemas.user.ReleaseEmail;
import dev.phishnet.schemas.user.UpdateUserProfile;

/**
 * Commands of the {@code commands} topic as domain commands. The domain's value types validate as they are built, so
 * a malformed envelope (no UUID, blank hash) fails here with an {@link IllegalArgumentException} or
 * {@link NullPointerException}, which the processor answers as an invalid command.
 */
public final class UserCommands {

    private UserCommands() {}

    /** The audit action of a command, {@code user.<verb>}; {@code user.unknown} for a payload that is no user command. */
    public static String action(CommandEnvelope command) {
        Object payload = command.getPayload();
        if (payload instanceof RegisterUser) {
            return "user.register";
        }
        if (payload instanceof UpdateUserProfile) {
            return "user.update-profile";
        }
        if (payload instanceof ChangePassword) {
            return "user.change-password";
        }
        if (payload instanceof DeactivateUser) {
            return "user.deactivate";
        }
        if (payload instanceof ReactivateUser) {
            return "user.reactivate";
        }
        if (payload instanceof AssignRoles) {
            return "user.assign-roles";
        }
        if (payload instanceof ReleaseEmail) {
            return "user.release-email";
        }
        if (payload instanceof ImportUser) {
            return "user.import";
        }
        if (payload instanceof UpgradePasswordHash) {
            return "user.upgrade-password-hash";
        }
        return "user.unknown";
    }

    /** The user command the envelope carries; throws {@link IllegalArgumentException} if it carries none. */
    public static UserCommand toUserCommand(CommandEnvelope command) {
        UserId userId = UserId.of(command.getAggregateId());
        TenantId tenantId = TenantId.of(command.getTenantId());
        Object payload = command.getPayload();
        if (payload instanceof RegisterUser register) {
            return new UserCommand.RegisterUser(userId, tenantId, Email.of(register.getEmail()),
                    PasswordHash.of(register.getPasswordHash()), register.getFullName(), register.getMobile(),
                    roles(register.getRoles()));
        }
        if (payload instanceof UpdateUserProfile update) {
            return new UserCommand.UpdateUserProfile(userId, tenantId, new Profile(update.getBio(),
                    update.getCompany(), update.getLocation(), update.getTimezone(), update.getLanguage(),
                    update.getTheme()));
        }
        if (payload instanceof ChangePassword change) {
            return new UserCommand.ChangePassword(userId, tenantId, PasswordHash.of(change.getPasswordHash()));
        }
        if (payload instanceof DeactivateUser deactivate) {
            return new UserCommand.DeactivateUser(userId, tenantId, deactivate.getReason());
        }
        if (payload instanceof ReactivateUser) {
            return new UserCommand.ReactivateUser(userId, tenantId);
        }
        if (payload instanceof AssignRoles assign) {
            return new UserCommand.AssignRoles(userId, tenantId, roles(assign.getRoles()));
        }
        if (payload instanceof ImportUser importUser) {
            return new UserCommand.ImportUser(userId, tenantId, importUser.getLegacyId(),
                    Email.of(importUser.getEmail()), PasswordHash.of(importUser.getPasswordHash()),
                    importUser.getFullName(), importUser.getActive(), importUser.getVerified(),
                    importUser.getCreatedAt(), importUser.getUpdatedAt(), importUser.getLastLoginAt());
        }
        if (payload instanceof UpgradePasswordHash upgrade) {
            return new UserCommand.UpgradePasswordHash(userId, tenantId, PasswordHash.of(upgrade.getVerifiedHash()),
                    PasswordHash.of(upgrade.getPasswordHash()));
        }
        throw new IllegalArgumentException("not a user command: " + action(command));
    }

    /**
     * The email-claim command the envelope carries: a registration or an import claims its address, a {@code ReleaseEmail} frees
     * it; throws {@link IllegalArgumentException} for any other payload.
     */
    public static EmailClaimCommand toClaimCommand(CommandEnvelope command) {
        UserId userId = UserId.of(command.getAggregateId());
        Object payload = command.getPayload();
        if (payload instanceof RegisterUser register) {
            return new EmailClaimCommand.ClaimEmail(Email.of(register.getEmail()), userId,
                    TenantId.of(command.getTenantId()));
        }
        if (payload instanceof ImportUser importUser) {
            return new EmailClaimCommand.ClaimEmail(Email.of(importUser.getEmail()), userId,
                    TenantId.of(command.getTenantId()));
        }
        if (payload instanceof ReleaseEmail release) {
            return new EmailClaimCommand.ReleaseEmail(Email.of(release.getEmail()), userId);
        }
        throw new IllegalArgumentException("not an email-claim command: " + action(command));
    }

    static Set<Role> roles(List<dev.phishnet.schemas.user.Role> roles) {
        return roles.stream().map(role -> Role.valueOf(role.name())).collect(Collectors.toSet());
    }
}
