package dev.phishnet.commandapi.follow;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import dev.phishnet.commandapi.user.User;
import dev.phishnet.schemas.user.PasswordChanged;
import dev.phishnet.schemas.user.PasswordHashUpgraded;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.RolesAssigned;
import dev.phishnet.schemas.user.UserDeactivated;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserImported;
import dev.phishnet.schemas.user.UserReactivated;
import dev.phishnet.schemas.user.UserRegistered;

/**
 * Every account's credential, folded from {@code user-events} from the beginning: by normalized email (logins) and by
 * user id (refreshes). Kept in memory: a few hundred bytes per account.
 */
public final class Credentials {

    private final Map<String, Credential> byEmail = new ConcurrentHashMap<>();
    private final Map<String, Credential> byUserId = new ConcurrentHashMap<>();

    public Optional<Credential> byEmail(String normalizedEmail) {
        return Optional.ofNullable(byEmail.get(normalizedEmail));
    }

    public Optional<Credential> byUserId(String userId) {
        return Optional.ofNullable(byUserId.get(userId));
    }

    /** Folds one event; the follower calls it in topic order per user. */
    public void apply(String userId, UserEvent event) {
        String tenant = event.getEnvelope().getTenantId();
        Object payload = event.getPayload();
        if (payload instanceof UserRegistered registered) {
            put(new Credential(userId, tenant, registered.getEmail(), registered.getPasswordHash(), User.FIRST_CREDENTIAL_VERSION, true,
                    names(registered.getRoles())));
        } else if (payload instanceof UserImported imported) {
            // Imported users get the default role, as the processor's decider gives them.
            put(new Credential(userId, tenant, imported.getEmail(), imported.getPasswordHash(),
                    User.FIRST_CREDENTIAL_VERSION, imported.getActive(), List.of(Role.USER.name())));
        } else if (payload instanceof PasswordHashUpgraded upgraded) {
            update(userId, credential -> credential.withPassword(upgraded.getPasswordHash(),
                    credential.credentialVersion()));
        } else if (payload instanceof PasswordChanged changed) {
            update(userId,
                    credential -> credential.withPassword(changed.getPasswordHash(), changed.getCredentialVersion()));
        } else if (payload instanceof UserDeactivated) {
            update(userId, credential -> credential.withActive(false));
        } else if (payload instanceof UserReactivated) {
            update(userId, credential -> credential.withActive(true));
        } else if (payload instanceof RolesAssigned assigned) {
            update(userId, credential -> credential.withRoles(names(assigned.getRoles())));
        }
        // Profile changes do not touch credentials.
    }

    private void update(String userId, UnaryOperator<Credential> change) {
        Credential current = byUserId.get(userId);
        if (current != null) {
            put(change.apply(current));
        }
    }

    private void put(Credential credential) {
        byUserId.put(credential.userId(), credential);
        byEmail.put(credential.email(), credential);
    }

    private static List<String> names(List<Role> roles) {
        return roles.stream().map(Role::name).toList();
    }
}
