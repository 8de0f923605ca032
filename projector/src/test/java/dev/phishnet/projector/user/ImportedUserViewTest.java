package dev.phishnet.projector.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.user.PasswordHashUpgraded;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserImported;
import org.junit.jupiter.api.Test;

class ImportedUserViewTest {

    static final Instant LEGACY = Instant.parse("2023-03-01T10:00:00Z");
    static final String BCRYPT = "$2b$12$KIXQJ1bq7Qm3Hk6nDqg7UuJ1YyHppx3bZb8m8fJ1cZb2x6qQz9m1S";

    static UserEvent imported(boolean active) {
        return new UserEvent(Events.envelope(Events.USER, 1), new UserImported("64f1", "Ada@Example.com", BCRYPT,
                "Ada Lovelace", active, true, LEGACY, null, null));
    }

    @Test
    void anImportedUserShowsItsLegacyCreationTimeActivityAndTheDefaultRoleButNoHash() {
        UserView view = UserView.project(null, imported(false));

        assertThat(view).isNotNull();
        assertThat(view.email()).isEqualTo("ada@example.com");
        assertThat(view.active()).isFalse();
        assertThat(view.roles()).isEqualTo(List.of("user"));
        assertThat(view.createdAt()).isEqualTo(LEGACY);
        assertThat(view.toString()).doesNotContain(BCRYPT);
    }

    @Test
    void anUpgradedHashMovesOnlyTheVersion() {
        UserView view = UserView.project(null, imported(true));
        UserView upgraded = UserView.project(view, new UserEvent(Events.envelope(Events.USER, 2),
                new PasswordHashUpgraded("$argon2id$new")));

        assertThat(upgraded.version()).isEqualTo(2);
        assertThat(upgraded.credentialVersion()).isEqualTo(view.credentialVersion());
        assertThat(upgraded.active()).isTrue();
    }
}
