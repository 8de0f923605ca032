package dev.phishnet.commandapi.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.user.PasswordChanged;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.RolesAssigned;
import dev.phishnet.schemas.user.UserDeactivated;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserRegistered;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private final Credentials credentials = new Credentials();

    @Test
    void aRegisteredUserIsFoundByEmailAndIdWithCredentialVersionOne() {
        credentials.apply("u-1", event(new UserRegistered("ada@example.com", "hash-1", "Ada", null,
                List.of(Role.USER))));

        assertThat(credentials.byEmail("ada@example.com")).hasValueSatisfying(found -> {
            assertThat(found.userId()).isEqualTo("u-1");
            assertThat(found.tenantId()).isEqualTo("acme");
            assertThat(found.credentialVersion()).isEqualTo(1);
            assertThat(found.active()).isTrue();
        });
        assertThat(credentials.byUserId("u-1")).isEqualTo(credentials.byEmail("ada@example.com"));
    }

    @Test
    void passwordChangesDeactivationAndRolesAreFolded() {
        credentials.apply("u-1", event(new UserRegistered("ada@example.com", "hash-1", "Ada", null,
                List.of(Role.USER))));
        credentials.apply("u-1", event(new PasswordChanged("hash-2", 2)));
        credentials.apply("u-1", event(new RolesAssigned(List.of(Role.ADMIN))));
        credentials.apply("u-1", event(new UserDeactivated("left")));

        Credential ada = credentials.byEmail("ada@example.com").orElseThrow();
        assertThat(ada.passwordHash()).isEqualTo("hash-2");
        assertThat(ada.credentialVersion()).isEqualTo(2);
        assertThat(ada.roles()).containsExactly("ADMIN");
        assertThat(ada.active()).isFalse();
        assertThat(ada.toString()).doesNotContain("hash-2");
    }

    private static UserEvent event(Object payload) {
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId("e").setAggregateId("u-1").setAggregateVersion(1).setTenantId("acme")
                .setOccurredAt(Instant.now()).setCorrelationId("c")
                .setActor(new Actor("x", ActorKind.SYSTEM, null, null)).build();
        return new UserEvent(envelope, payload);
    }
}
