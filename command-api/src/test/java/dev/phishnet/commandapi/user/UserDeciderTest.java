package dev.phishnet.commandapi.user;

import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;
import static dev.phishnet.commandapi.user.Rejection.Code.NOT_FOUND;
import static dev.phishnet.commandapi.user.UserFixture.EMAIL;
import static dev.phishnet.commandapi.user.UserFixture.HASH;
import static dev.phishnet.commandapi.user.UserFixture.NEW_HASH;
import static dev.phishnet.commandapi.user.UserFixture.OTHER_TENANT;
import static dev.phishnet.commandapi.user.UserFixture.TENANT;
import static dev.phishnet.commandapi.user.UserFixture.USER_ID;
import static dev.phishnet.commandapi.user.UserFixture.deactivated;
import static dev.phishnet.commandapi.user.UserFixture.given;
import static dev.phishnet.commandapi.user.UserFixture.profile;
import static dev.phishnet.commandapi.user.UserFixture.registered;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;

import dev.phishnet.commandapi.user.UserCommand.AssignRoles;
import dev.phishnet.commandapi.user.UserCommand.ChangePassword;
import dev.phishnet.commandapi.user.UserCommand.DeactivateUser;
import dev.phishnet.commandapi.user.UserCommand.ReactivateUser;
import dev.phishnet.commandapi.user.UserCommand.RegisterUser;
import dev.phishnet.commandapi.user.UserCommand.UpdateUserProfile;
import dev.phishnet.commandapi.user.UserEvent.PasswordChanged;
import dev.phishnet.commandapi.user.UserEvent.RolesAssigned;
import dev.phishnet.commandapi.user.UserEvent.UserDeactivated;
import dev.phishnet.commandapi.user.UserEvent.UserProfileUpdated;
import dev.phishnet.commandapi.user.UserEvent.UserReactivated;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UserDeciderTest {

    static RegisterUser register(TenantId tenant, Set<Role> roles) {
        return new RegisterUser(USER_ID, tenant, EMAIL, HASH, "Ada Lovelace", "+44 20 7946 0000", roles);
    }

    /** One command of each kind that targets an existing user, issued by {@code tenant}. */
    static Stream<UserCommand> commandsOnAnExistingUser(TenantId tenant) {
        return Stream.of(
                new UpdateUserProfile(USER_ID, tenant, profile("Acme", null)),
                new ChangePassword(USER_ID, tenant, NEW_HASH),
                new DeactivateUser(USER_ID, tenant, null),
                new ReactivateUser(USER_ID, tenant),
                new AssignRoles(USER_ID, tenant, Set.of(Role.ADMIN)),
                new UserCommand.UpgradePasswordHash(USER_ID, tenant, HASH, NEW_HASH));
    }

    static Stream<UserCommand> commandsFromTheOwnTenant() {
        return commandsOnAnExistingUser(TENANT);
    }

    static Stream<UserCommand> commandsFromAnotherTenant() {
        return commandsOnAnExistingUser(OTHER_TENANT);
    }

    @Nested
    class Registering {

        @Test
        void newUserIsRegisteredWithTheGivenRoles() {
            given().when(register(TENANT, Set.of(Role.ANALYST)))
                    .thenExpect(registered(Set.of(Role.ANALYST)));
        }

        @Test
        void registrationWithoutRolesGrantsTheUserRole() {
            given().when(register(TENANT, Set.of())).thenExpect(registered(Set.of(Role.USER)));
        }

        @Test
        void registeringAnExistingUserIsAConflict() {
            Rejection rejection = given(registered()).when(register(TENANT, Set.of())).thenReject(CONFLICT, null);
            assertThat(rejection.message()).isEqualTo("user already exists");
        }

        @Test
        void registeringAnIdTakenInAnotherTenantIsTheSameConflict() {
            Rejection rejection =
                    given(registered()).when(register(OTHER_TENANT, Set.of())).thenReject(CONFLICT, null);
            assertThat(rejection.message()).isEqualTo("user already exists");
        }
    }

    @Nested
    class TenantIsolation {

        @ParameterizedTest
        @MethodSource("dev.phishnet.commandapi.user.UserDeciderTest#commandsFromTheOwnTenant")
        void everyCommandButRegistrationOnAMissingUserIsNotFound(UserCommand command) {
            Rejection rejection = given().when(command).thenReject(NOT_FOUND, null);
            assertThat(rejection.message()).isEqualTo("user not found");
        }

        @ParameterizedTest
        @MethodSource("dev.phishnet.commandapi.user.UserDeciderTest#commandsFromAnotherTenant")
        void anotherTenantsUserIsNotFoundExactlyLikeAMissingOne(UserCommand command) {
            Rejection missing = given().when(command).thenReject(NOT_FOUND, null);
            Rejection foreign = given(registered()).when(command).thenReject(NOT_FOUND, null);
            assertThat(foreign).isEqualTo(missing);
        }

        @ParameterizedTest
        @MethodSource("dev.phishnet.commandapi.user.UserDeciderTest#commandsFromAnotherTenant")
        void anotherTenantsDeactivatedUserIsNotFoundRatherThanDeactivated(UserCommand command) {
            given(registered(), deactivated()).when(command).thenReject(NOT_FOUND, null);
        }
    }

    @Nested
    class UpdatingTheProfile {

        @Test
        void profileChangesAreRecorded() {
            given(registered())
                    .when(new UpdateUserProfile(USER_ID, TENANT, profile("Acme", "Europe/London")))
                    .thenExpect(new UserProfileUpdated(profile("Acme", "Europe/London")));
        }

        @Test
        void onlyFieldsThatActuallyChangeAreRecorded() {
            given(registered(), new UserProfileUpdated(profile("Acme", "Europe/London")))
                    .when(new UpdateUserProfile(USER_ID, TENANT, profile("Acme", "Europe/Paris")))
                    .thenExpect(new UserProfileUpdated(profile(null, "Europe/Paris")));
        }

        @Test
        void updateWithNoFieldSetIsInvalid() {
            Rejection rejection = given(registered())
                    .when(new UpdateUserProfile(USER_ID, TENANT, Profile.EMPTY))
                    .thenReject(INVALID, "profile");
            assertThat(rejection.message()).isEqualTo("nothing to update");
        }

        @Test
        void updateRepeatingTheCurrentValuesIsInvalid() {
            given(registered(), new UserProfileUpdated(profile("Acme", "Europe/London")))
                    .when(new UpdateUserProfile(USER_ID, TENANT, profile("Acme", null)))
                    .thenReject(INVALID, "profile");
        }

        @Test
        void deactivatedUserCannotUpdateTheProfile() {
            Rejection rejection = given(registered(), deactivated())
                    .when(new UpdateUserProfile(USER_ID, TENANT, profile("Acme", null)))
                    .thenReject(CONFLICT, null);
            assertThat(rejection.message()).isEqualTo("user is deactivated");
        }
    }

    @Nested
    class ChangingThePassword {

        @Test
        void firstPasswordChangeMovesToCredentialVersionTwo() {
            given(registered())
                    .when(new ChangePassword(USER_ID, TENANT, NEW_HASH))
                    .thenExpect(new PasswordChanged(NEW_HASH, 2));
        }

        @Test
        void everyPasswordChangeMovesTheCredentialVersionOnByOne() {
            given(registered(), new PasswordChanged(NEW_HASH, 2), new PasswordChanged(HASH, 3))
                    .when(new ChangePassword(USER_ID, TENANT, NEW_HASH))
                    .thenExpect(new PasswordChanged(NEW_HASH, 4));
        }

        @Test
        void deactivatedUserCannotChangePassword() {
            Rejection rejection = given(registered(), deactivated())
                    .when(new ChangePassword(USER_ID, TENANT, NEW_HASH))
                    .thenReject(CONFLICT, null);
            assertThat(rejection.message()).isEqualTo("user is deactivated");
        }

        @Test
        void reactivatedUserCanChangePasswordAgain() {
            given(registered(), deactivated(), new UserReactivated())
                    .when(new ChangePassword(USER_ID, TENANT, NEW_HASH))
                    .thenExpect(new PasswordChanged(NEW_HASH, 2));
        }
    }

    @Nested
    class DeactivatingAndReactivating {

        @Test
        void activeUserIsDeactivatedWithTheReason() {
            given(registered())
                    .when(new DeactivateUser(USER_ID, TENANT, "left the company"))
                    .thenExpect(new UserDeactivated("left the company"));
        }

        @Test
        void reasonIsOptional() {
            given(registered())
                    .when(new DeactivateUser(USER_ID, TENANT, null))
                    .thenExpect(new UserDeactivated(null));
        }

        @Test
        void deactivatingADeactivatedUserIsAConflict() {
            given(registered(), deactivated())
                    .when(new DeactivateUser(USER_ID, TENANT, null))
                    .thenReject(CONFLICT, null);
        }

        @Test
        void deactivatedUserIsReactivated() {
            given(registered(), deactivated())
                    .when(new ReactivateUser(USER_ID, TENANT))
                    .thenExpect(new UserReactivated());
        }

        @Test
        void reactivatingAnActiveUserIsAConflict() {
            Rejection rejection = given(registered())
                    .when(new ReactivateUser(USER_ID, TENANT))
                    .thenReject(CONFLICT, null);
            assertThat(rejection.message()).isEqualTo("user is already active");
        }
    }

    @Nested
    class AssigningRoles {

        @Test
        void newRolesReplaceTheCurrentOnes() {
            given(registered())
                    .when(new AssignRoles(USER_ID, TENANT, Set.of(Role.ANALYST, Role.ADMIN)))
                    .thenExpect(new RolesAssigned(Set.of(Role.ADMIN, Role.ANALYST)));
        }

        @Test
        void assigningNoRolesIsInvalid() {
            given(registered()).when(new AssignRoles(USER_ID, TENANT, Set.of())).thenReject(INVALID, "roles");
        }

        @Test
        void assigningTheCurrentRolesIsAConflict() {
            Rejection rejection = given(registered(Set.of(Role.USER, Role.ANALYST)))
                    .when(new AssignRoles(USER_ID, TENANT, Set.of(Role.ANALYST, Role.USER)))
                    .thenReject(CONFLICT, "roles");
            assertThat(rejection.message()).isEqualTo("roles unchanged");
        }

        @Test
        void deactivatedUserCannotBeAssignedRoles() {
            given(registered(), deactivated())
                    .when(new AssignRoles(USER_ID, TENANT, Set.of(Role.ADMIN)))
                    .thenReject(CONFLICT, null);
        }
    }

    @Nested
    class DecidingEveryCommand {

        @ParameterizedTest
        @MethodSource("dev.phishnet.commandapi.user.UserDeciderTest#commandsFromTheOwnTenant")
        void everyCommandKindHasARule(UserCommand command) {
            // Guards the instanceof chain, which the compiler cannot check for exhaustiveness on Java 17.
            assertThat(UserDecider.decide(given(registered()).state(), command)).isNotNull();
        }

        @Test
        void everyCommandKindIsCoveredAbove() {
            assertThat(Stream.concat(Stream.of(register(TENANT, Set.of()), LegacyImportDeciderTest.importUser(true)),
                            commandsFromTheOwnTenant())
                            .map(Object::getClass))
                    .containsExactlyInAnyOrder(UserCommand.class.getPermittedSubclasses());
        }
    }
}
