package dev.phishnet.commandapi.messages;

import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.UserId;

/**
 * Keys of the {@code commands} topic: they pick the partition, and so the single processor that decides the
 * aggregate. Built only from normalized values, so that two spellings of one address or id are one key.
 */
public final class RoutingKeys {

    public static final String USER_PREFIX = "user:";
    public static final String EMAIL_PREFIX = "email:";

    private RoutingKeys() {}

    /** {@code user:<canonical UUID>}: the key of every user command once its email is claimed. */
    public static String user(UserId userId) {
        return USER_PREFIX + userId.value();
    }

    /** {@code email:<normalized address>}: the key under which the HTTP layer publishes {@code RegisterUser}. */
    public static String email(Email email) {
        return EMAIL_PREFIX + email.value();
    }
}
