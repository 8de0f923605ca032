package dev.phishnet.commandapi.user;

import static dev.phishnet.commandapi.user.UserFixture.EMAIL;
import static dev.phishnet.commandapi.user.UserFixture.HASH;
import static dev.phishnet.commandapi.user.UserFixture.NEW_HASH;
import static dev.phishnet.commandapi.user.UserFixture.TENANT;
import static dev.phishnet.commandapi.user.UserFixture.USER_ID;
import static dev.phishnet.commandapi.user.UserFixture.deactivated;
import static dev.phishnet.commandapi.user.UserFixture.given;
import static dev.phishnet.commandapi.user.UserFixture.profile;
import static dev.phishnet.commandapi.user.UserFixture.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Optional;
import java.util.Set;

import dev.phishnet.commandapi.user.UserEvent.PasswordChanged;
import dev.phishnet.commandapi.user.UserEvent.RolesAssigned;
import dev.phishnet.commandapi.user.UserEvent.UserProfileUpdated;
import dev.phishnet.commandapi.user.UserEvent.UserReactivated;
import org.junit.jupiter.api.Test;

class UserEvolutionTest {

    @Test
    void registrationCreatesAnActiveUserAtVersionOneWithTheFirstCredential() {
        User user = given(registered()).state().orElseThrow();

        assertThat(user).isEqualTo(new User(USER_ID, TENANT, EMAIL, "Ada Lovelace", "+44 20 7946 0000",
                Set.of(Role.USER), Profile.EMPTY, HASH, 1, true, 1));
    }

    @Test
    void everyEventCountsOneVersion() {
        User user = given(
                        registered(),
                        new UserProfileUpdated(profile("Acme", null)),
                        new PasswordChanged(NEW_HASH, 2),
                        deactivated(),
                        new UserReactivated(),
                        new RolesAssigned(Set.of(Role.ADMIN)))
                .state()
                .orElseThrow();

        assertThat(user.version()).isEqualTo(6);
        assertThat(user.active()).isTrue();
        assertThat(user.roles()).containsExactly(Role.ADMIN);
    }

    @Test
    void passwordChangeReplacesTheHashAndTakesTheEventsCredentialVersion() {
        User user = given(registered(), new PasswordChanged(NEW_HASH, 2)).state().orElseThrow();

        assertThat(user.passwordHash()).isEqualTo(NEW_HASH);
        assertThat(user.credentialVersion()).isEqualTo(2);
    }

    @Test
    void profileUpdatesKeepTheFieldsTheyDoNotMention() {
        User user = given(
                        registered(),
                        new UserProfileUpdated(profile("Acme", "Europe/London")),
                        new UserProfileUpdated(profile(null, "Europe/Paris")))
                .state()
                .orElseThrow();

        assertThat(user.profile()).isEqualTo(profile("Acme", "Europe/Paris"));
    }

    @Test
    void deactivationMakesTheUserInactive() {
        assertThat(given(registered(), deactivated()).state().orElseThrow().active()).isFalse();
    }

    @Test
    void anEventBeforeRegistrationIsNotAUsersHistory() {
        assertThatIllegalStateException()
                .isThrownBy(() -> UserDecider.evolve(Optional.empty(), new UserReactivated()));
    }

    @Test
    void aSecondRegistrationIsNotAUsersHistory() {
        Optional<User> state = given(registered()).state();

        assertThatIllegalStateException().isThrownBy(() -> UserDecider.evolve(state, registered()));
    }
}
