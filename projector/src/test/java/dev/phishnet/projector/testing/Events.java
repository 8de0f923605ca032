package dev.phishnet.projector.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.testing.SampleMessages;
import dev.phishnet.schemas.user.PasswordChanged;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.RolesAssigned;
import dev.phishnet.schemas.user.UserDeactivated;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserProfileUpdated;
import dev.phishnet.schemas.user.UserReactivated;
import dev.phishnet.schemas.user.UserRegistered;

/** Small builders of the events the projector reads: one user, {@code user-1} of {@code tenant-a}, by default. */
public final class Events {

    public static final String USER = "user-1";
    public static final Instant T0 = SampleMessages.AT;
    public static final String PASSWORD_HASH = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA";

    private Events() {
    }

    /** The envelope of the {@code version}th event of {@code userId}, one second after the previous. */
    public static EventEnvelope envelope(String userId, long version) {
        return EventEnvelope.newBuilder(SampleMessages.envelope())
                .setEventId(UUID.nameUUIDFromBytes((userId + ":" + version).getBytes()).toString())
                .setAggregateId(userId)
                .setAggregateVersion(version)
                .setOccurredAt(T0.plus(Duration.ofSeconds(version)))
                .build();
    }

    public static UserEvent registered(String userId, String email) {
        return new UserEvent(envelope(userId, 1), UserRegistered.newBuilder()
                .setEmail(email)
                .setPasswordHash(PASSWORD_HASH)
                .setFullName("Ada Lovelace")
                .setMobile("+44 20 7946 0000")
                .setRoles(List.of(Role.USER))
                .build());
    }

    public static UserEvent registered() {
        return registered(USER, " Ada@Example.com\u2003");
    }

    public static UserEvent profileUpdated(long version, String bio, String theme) {
        return new UserEvent(envelope(USER, version),
                UserProfileUpdated.newBuilder().setBio(bio).setTheme(theme).build());
    }

    public static UserEvent passwordChanged(long version, int credentialVersion) {
        return new UserEvent(envelope(USER, version), new PasswordChanged("$argon2id$new", credentialVersion));
    }

    public static UserEvent deactivated(long version) {
        return new UserEvent(envelope(USER, version), new UserDeactivated("left the company"));
    }

    public static UserEvent reactivated(long version) {
        return new UserEvent(envelope(USER, version), new UserReactivated());
    }

    public static UserEvent rolesAssigned(long version, Role... roles) {
        return new UserEvent(envelope(USER, version), new RolesAssigned(List.of(roles)));
    }

    public static AuditEvent audit(String eventId, String action, AuditOutcome outcome) {
        return AuditEvent.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder(SampleMessages.envelope()).setEventId(eventId).build())
                .setAction(action)
                .setOutcome(outcome)
                .setReason(outcome == AuditOutcome.REJECTED ? "CONFLICT: email already registered" : null)
                .setResourceType("user")
                .setResourceId(USER)
                .setCommandId("cmd-" + eventId)
                .setDetails(outcome == AuditOutcome.REJECTED ? Map.of("field", "email") : Map.of())
                .build();
    }
}
