package dev.phishnet.projector.user;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.user.PasswordChanged;
import dev.phishnet.schemas.user.RolesAssigned;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.UserDeactivated;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserImported;
import dev.phishnet.schemas.user.UserProfileUpdated;
import dev.phishnet.schemas.user.UserReactivated;
import dev.phishnet.schemas.user.UserRegistered;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code users} read model shows of one user, as of {@link #version}. It keeps no password hash: only the
 * credential version, which says whether the password changed.
 *
 * @param id the user's id
 * @param tenantId the tenant that owns the user
 * @param email the address, normalized as command-api's {@code Email} is (stripped, lower-cased), for lookups
 * @param fullName display name
 * @param mobile mobile phone number, if given
 * @param roles roles in the API's spelling: {@code admin}, {@code analyst}, {@code user}
 * @param profile the free-form profile
 * @param active false once deactivated, until reactivated
 * @param credentialVersion 0 at registration, then as carried by each {@code PasswordChanged}
 * @param version the aggregate version of the last event applied
 * @param createdAt when the user registered
 * @param updatedAt when the last applied event happened
 */
public record UserView(
        String id,
        String tenantId,
        String email,
        String fullName,
        @Nullable String mobile,
        List<String> roles,
        UserProfile profile,
        boolean active,
        int credentialVersion,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public UserView {
        roles = List.copyOf(roles);
    }

    /** The view a {@code UserRegistered} event starts. */
    public static UserView registered(EventEnvelope envelope, UserRegistered registered) {
        return new UserView(envelope.getAggregateId(), envelope.getTenantId(),
                registered.getEmail().strip().toLowerCase(Locale.ROOT), registered.getFullName(),
                registered.getMobile(), roles(registered.getRoles()), UserProfile.EMPTY, true, 0,
                envelope.getAggregateVersion(), envelope.getOccurredAt(), envelope.getOccurredAt());
    }

    /** The view a {@code UserImported} event starts: the legacy creation time, active as it was, the default role. */
    public static UserView imported(EventEnvelope envelope, UserImported imported) {
        return new UserView(envelope.getAggregateId(), envelope.getTenantId(),
                imported.getEmail().strip().toLowerCase(Locale.ROOT), imported.getFullName(), null,
                List.of(Role.USER.name().toLowerCase(Locale.ROOT)), UserProfile.EMPTY, imported.getActive(), 0,
                envelope.getAggregateVersion(), imported.getCreatedAt(), envelope.getOccurredAt());
    }

    /**
     * The view after {@code event}, or the view that exists when there is none to start from. A view moves only
     * forward: an event at or below its version was applied already (a redelivery, a replay) and changes nothing.
     *
     * @param current the view so far, null when the user has none yet
     * @return the view after the event; null when there is still none (an event other than the registration, with
     *     nothing before it, cannot build a whole view)
     */
    public static @Nullable UserView project(@Nullable UserView current, UserEvent event) {
        if (current == null) {
            if (event.getPayload() instanceof UserImported imported) {
                return imported(event.getEnvelope(), imported);
            }
            return event.getPayload() instanceof UserRegistered registered
                    ? registered(event.getEnvelope(), registered) : null;
        }
        return current.apply(event);
    }

    /** This view after {@code event}; itself when the event is not newer than it. */
    public UserView apply(UserEvent event) {
        EventEnvelope envelope = event.getEnvelope();
        if (envelope.getAggregateVersion() <= version) {
            return this;
        }
        UserView next = next(event.getPayload());
        return next.at(envelope.getAggregateVersion(), envelope.getOccurredAt());
    }

    /** Java 17 has no pattern switch; the payload is an Avro union, so one type test per fact. */
    private UserView next(Object payload) {
        if (payload instanceof UserProfileUpdated update) {
            return withProfile(profile.updatedBy(update));
        }
        if (payload instanceof PasswordChanged changed) {
            return withCredentialVersion(changed.getCredentialVersion());
        }
        if (payload instanceof UserDeactivated) {
            return withActive(false);
        }
        if (payload instanceof UserReactivated) {
            return withActive(true);
        }
        if (payload instanceof RolesAssigned assigned) {
            return withRoles(roles(assigned.getRoles()));
        }
        // PasswordHashUpgraded: the same password, the same credential version; the view keeps no hash.
        // A second registration of one id, or a fact this projector does not know yet: only the version moves.
        return this;
    }

    private UserView withProfile(UserProfile newProfile) {
        return new UserView(id, tenantId, email, fullName, mobile, roles, newProfile, active, credentialVersion,
                version, createdAt, updatedAt);
    }

    private UserView withCredentialVersion(int newCredentialVersion) {
        return new UserView(id, tenantId, email, fullName, mobile, roles, profile, active, newCredentialVersion,
                version, createdAt, updatedAt);
    }

    private UserView withActive(boolean newActive) {
        return new UserView(id, tenantId, email, fullName, mobile, roles, profile, newActive, credentialVersion,
                version, createdAt, updatedAt);
    }

    private UserView withRoles(List<String> newRoles) {
        return new UserView(id, tenantId, email, fullName, mobile, newRoles, profile, active, credentialVersion,
                version, createdAt, updatedAt);
    }

    private UserView at(long newVersion, Instant occurredAt) {
        return new UserView(id, tenantId, email, fullName, mobile, roles, profile, active, credentialVersion,
                newVersion, createdAt, occurredAt);
    }

    private static List<String> roles(List<Role> roles) {
        return roles.stream().map(role -> role.name().toLowerCase(Locale.ROOT)).toList();
    }
}
