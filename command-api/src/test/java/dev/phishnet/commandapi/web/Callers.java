package dev.phishnet.commandapi.web;

import java.util.Set;
import java.util.UUID;

import dev.phishnet.commandapi.security.Caller;

/** Callers of the API, as the security layer would establish them. */
public final class Callers {

    private Callers() {
    }

    public static Caller admin(String tenant) {
        return new Caller(UUID.randomUUID().toString(), tenant, Set.of("admin"));
    }

    public static Caller analyst(String tenant) {
        return new Caller(UUID.randomUUID().toString(), tenant, Set.of("analyst"));
    }

    /** A service token of an external issuer: its subject names a client, not a user. */
    public static Caller service(String tenant) {
        return new Caller("analyzer-client", tenant, Set.of("service"));
    }

    public static Caller user(String tenant) {
        return new Caller(UUID.randomUUID().toString(), tenant, Set.of("user"));
    }

    public static Caller user(String userId, String tenant) {
        return new Caller(userId, tenant, Set.of("user"));
    }
}
