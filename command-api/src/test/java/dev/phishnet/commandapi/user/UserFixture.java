package dev.phishnet.commandapi.user;

import java.util.Optional;
import java.util.Set;

import dev.phishnet.commandapi.user.UserEvent.UserDeactivated;
import dev.phishnet.commandapi.user.UserEvent.UserRegistered;

/** Test data for the users aggregate: one registered user of tenant "acme", and a second tenant. */
final class UserFixture {

    static final UserId USER_ID = UserId.of("7d5c2f0e-3b1a-4c8e-9f2d-5a6b7c8d9e0f");
    static final TenantId TENANT = TenantId.of("acme");
    static final TenantId OTHER_TENANT = TenantId.of("globex");
    static final Email EMAIL = Email.of("ada@acme.example");
    static final PasswordHash HASH = PasswordHash.of("$argon2id$v=19$m=65536,t=3,p=4$first");
    static final PasswordHash NEW_HASH = PasswordHash.of("$argon2id$v=19$m=65536,t=3,p=4$second");

    private static final Scenario<Optional<User>, UserCommand, UserEvent> USERS =
            Scenario.of(Optional.empty(), UserDecider::decide, UserDecider::evolve);

    private UserFixture() {}

    static Scenario<Optional<User>, UserCommand, UserEvent>.Given given(UserEvent... history) {
        return USERS.given(history);
    }

    static UserRegistered registered() {
        return registered(Set.of(Role.USER));
    }

    static UserRegistered registered(Set<Role> roles) {
        return new UserRegistered(USER_ID, TENANT, EMAIL, HASH, "Ada Lovelace", "+44 20 7946 0000", roles);
    }

    static UserDeactivated deactivated() {
        return new UserDeactivated("left the company");
    }

    static Profile profile(String company, String timezone) {
        return new Profile(null, company, null, timezone, null, null);
    }
}
