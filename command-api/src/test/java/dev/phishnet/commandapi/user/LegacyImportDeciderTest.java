package dev.phishnet.commandapi.user;

import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.UserFixture.EMAIL;
import static dev.phishnet.commandapi.user.UserFixture.HASH;
import static dev.phishnet.commandapi.user.UserFixture.NEW_HASH;
import static dev.phishnet.commandapi.user.UserFixture.TENANT;
import static dev.phishnet.commandapi.user.UserFixture.USER_ID;
import static dev.phishnet.commandapi.user.UserFixture.given;
import static dev.phishnet.commandapi.user.UserFixture.registered;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import dev.phishnet.commandapi.user.UserCommand.ImportUser;
import dev.phishnet.commandapi.user.UserCommand.UpgradePasswordHash;
import dev.phishnet.commandapi.user.UserEvent.PasswordHashUpgraded;
import dev.phishnet.commandapi.user.UserEvent.UserImported;
import org.junit.jupiter.api.Test;

class LegacyImportDeciderTest {

    static final PasswordHash BCRYPT = PasswordHash.of("$2b$12$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01");
    static final Instant CREATED = Instant.parse("2023-03-01T10:00:00Z");

    static ImportUser importUser(boolean active) {
        return new ImportUser(USER_ID, TENANT, "64f1c0ffee", EMAIL, BCRYPT, "Ada Lovelace", active, true, CREATED,
                null, null);
    }

    static UserImported imported(boolean active) {
        return new UserImported(USER_ID, TENANT, "64f1c0ffee", EMAIL, BCRYPT, "Ada Lovelace", active, true, CREATED,
                null, null);
    }

    @Test
    void aNewUserIsImportedWithItsLegacyHash() {
        given().when(importUser(true)).thenExpect(imported(true));
    }

    @Test
    void anInactiveLegacyUserIsImportedInactiveWithTheDefaultRole() {
        User user = UserDecider.evolve(Optional.empty(), imported(false)).orElseThrow();
        assertThat(user.active()).isFalse();
        assertThat(user.roles()).containsExactly(Role.USER);
        assertThat(user.credentialVersion()).isEqualTo(User.FIRST_CREDENTIAL_VERSION);
    }

    @Test
    void aSecondImportIsRefusedAsADuplicate() {
        Rejection rejection = given(imported(true)).when(importUser(true)).thenReject(CONFLICT, null);
        assertThat(rejection.message()).isEqualTo("user already exists");
    }

    @Test
    void anImportOverARegisteredUserIsRefused() {
        given(registered()).when(importUser(true)).thenReject(CONFLICT, null);
    }

    @Test
    void theHashIsUpgradedWhenItIsStillTheVerifiedOneAndTheCredentialVersionStays() {
        given(imported(true)).when(new UpgradePasswordHash(USER_ID, TENANT, BCRYPT, NEW_HASH))
                .thenExpect(new PasswordHashUpgraded(NEW_HASH));
        User upgraded = UserDecider.evolve(Optional.of(UserDecider.evolve(Optional.empty(), imported(true))
                .orElseThrow()), new PasswordHashUpgraded(NEW_HASH)).orElseThrow();
        assertThat(upgraded.passwordHash()).isEqualTo(NEW_HASH);
        assertThat(upgraded.credentialVersion()).isEqualTo(User.FIRST_CREDENTIAL_VERSION);
    }

    @Test
    void anUpgradeAgainstAHashThatChangedMeanwhileIsRefused() {
        given(imported(true)).when(new UpgradePasswordHash(USER_ID, TENANT, HASH, NEW_HASH))
                .thenReject(CONFLICT, "passwordHash");
    }
}
