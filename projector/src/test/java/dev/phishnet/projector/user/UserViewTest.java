package dev.phishnet.projector.user;

import static dev.phishnet.projector.testing.Events.USER;
import static dev.phishnet.projector.testing.Events.deactivated;
import static dev.phishnet.projector.testing.Events.passwordChanged;
import static dev.phishnet.projector.testing.Events.profileUpdated;
import static dev.phishnet.projector.testing.Events.reactivated;
import static dev.phishnet.projector.testing.Events.registered;
import static dev.phishnet.projector.testing.Events.rolesAssigned;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.UserEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class UserViewTest {

    @Test
    void registrationStartsAnActiveViewAtVersionOneWithANormalizedEmailAndNoSecret() {
        UserView view = project(registered());

        assertThat(view.id()).isEqualTo(USER);
        assertThat(view.tenantId()).isEqualTo("tenant-a");
        assertThat(view.email()).isEqualTo("ada@example.com");
        assertThat(view.roles()).containsExactly("user");
        assertThat(view.active()).isTrue();
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.credentialVersion()).isZero();
        assertThat(view.createdAt()).isEqualTo(view.updatedAt()).isEqualTo(Events.T0.plusSeconds(1));
        assertThat(view.toString()).doesNotContain(Events.PASSWORD_HASH);
    }

    @Test
    void profileUpdateChangesOnlyTheFieldsItNames() {
        UserView view = project(registered(), profileUpdated(2, "analyst", "dark"),
                profileUpdated(3, null, "light"));

        assertThat(view.profile()).isEqualTo(new UserProfile("analyst", null, null, null, null, "light"));
        assertThat(view.version()).isEqualTo(3);
        assertThat(view.updatedAt()).isEqualTo(Events.T0.plusSeconds(3));
        assertThat(view.createdAt()).isEqualTo(Events.T0.plusSeconds(1));
    }

    @Test
    void passwordChangeKeepsOnlyTheCredentialVersion() {
        UserView view = project(registered(), passwordChanged(2, 1));

        assertThat(view.credentialVersion()).isEqualTo(1);
        assertThat(view.toString()).doesNotContain("$argon2id$new");
    }

    @Test
    void deactivationAndReactivationToggleActive() {
        assertThat(project(registered(), deactivated(2)).active()).isFalse();
        assertThat(project(registered(), deactivated(2), reactivated(3)).active()).isTrue();
    }

    @Test
    void roleAssignmentReplacesTheRoles() {
        assertThat(project(registered(), rolesAssigned(2, Role.ADMIN, Role.ANALYST)).roles())
                .isEqualTo(List.of("admin", "analyst"));
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        UserView once = project(registered(), profileUpdated(2, "analyst", "dark"));

        assertThat(project(registered(), profileUpdated(2, "analyst", "dark"), registered(),
                profileUpdated(2, "analyst", "dark"))).isEqualTo(once);
    }

    @Test
    void anOlderEventArrivingLateIsSkipped() {
        UserView view = project(registered(), profileUpdated(3, "newer", null), profileUpdated(2, "older", "dark"));

        assertThat(view.version()).isEqualTo(3);
        assertThat(view.profile().bio()).isEqualTo("newer");
        assertThat(view.profile().theme()).isNull();
    }

    @Test
    void anEventWithoutARegistrationBeforeItBuildsNoView() {
        assertThat(UserView.project(null, profileUpdated(2, "analyst", "dark"))).isNull();
    }

    @Test
    void theDocumentHasNoPasswordHashAndMapsBackToTheView() {
        UserView view = project(registered(), profileUpdated(2, "analyst", "dark"), passwordChanged(3, 1));

        assertThat(UserDocuments.toDocument(view).toJson()).doesNotContain("argon2", "password");
        assertThat(UserDocuments.fromDocument(UserDocuments.toDocument(view))).isEqualTo(view);
    }

    @Test
    void theStoreSerdeRoundTripsAView() {
        UserView view = project(registered(), profileUpdated(2, "analyst", "dark"));
        var serde = UserViewSerde.create();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", view))).isEqualTo(view);
    }

    private static UserView project(UserEvent... events) {
        @Nullable UserView view = null;
        for (UserEvent event : events) {
            view = UserView.project(view, event);
        }
        assertThat(view).isNotNull();
        return view;
    }
}
