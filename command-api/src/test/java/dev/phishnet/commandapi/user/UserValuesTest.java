package dev.phishnet.commandapi.user;

import static dev.phishnet.commandapi.user.UserFixture.HASH;
import static dev.phishnet.commandapi.user.UserFixture.given;
import static dev.phishnet.commandapi.user.UserFixture.registered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

class UserValuesTest {

    @Test
    void emailIsTrimmedAndLowerCased() {
        assertThat(Email.of("  Ada.Lovelace@Acme.EXAMPLE \n").value()).isEqualTo("ada.lovelace@acme.example");
    }

    @Test
    void emailsDifferingOnlyInCaseAndSpacesAreOneEmail() {
        assertThat(Email.of(" ADA@acme.example")).isEqualTo(Email.of("ada@ACME.example "));
    }

    @Test
    void blankEmailIsNotAnEmail() {
        assertThatIllegalArgumentException().isThrownBy(() -> Email.of("   "));
    }

    @Test
    void passwordHashIsNeverPrinted() {
        String secret = "$argon2id$v=19$m=65536,t=3,p=4$first";

        assertThat(PasswordHash.of(secret).toString()).doesNotContain(secret);
        assertThat(registered().toString()).doesNotContain(secret);
        assertThat(given(registered()).state().orElseThrow().toString()).doesNotContain(secret);
        assertThat(HASH.value()).isEqualTo(secret);
    }

    @Test
    void userIdIsKeptInCanonicalUuidForm() {
        assertThat(UserId.of("7D5C2F0E-3B1A-4C8E-9F2D-5A6B7C8D9E0F"))
                .isEqualTo(UserId.of("7d5c2f0e-3b1a-4c8e-9f2d-5a6b7c8d9e0f"));
    }

    @Test
    void userIdMustBeAUuid() {
        assertThatIllegalArgumentException().isThrownBy(() -> UserId.of("ada"));
    }

    @Test
    void profileMergeKeepsOldValuesWhereChangesAreNull() {
        Profile current = new Profile("bio", "Acme", "London", "Europe/London", "en", "dark");
        Profile changes = new Profile(null, "Globex", null, null, "fr", null);

        assertThat(current.merge(changes))
                .isEqualTo(new Profile("bio", "Globex", "London", "Europe/London", "fr", "dark"));
    }

    @Test
    void rolesAreKeptInDeclarationOrder() {
        assertThat(Role.setOf(List.of(Role.USER, Role.ADMIN, Role.USER))).containsExactly(Role.ADMIN, Role.USER);
    }
}
