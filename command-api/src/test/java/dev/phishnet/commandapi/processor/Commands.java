package dev.phishnet.commandapi.processor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.user.DeactivateUser;
import dev.phishnet.schemas.user.RegisterUser;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.UpdateUserProfile;

/** Command envelopes as the HTTP layer publishes them, with fresh command and correlation ids. */
final class Commands {

    static final Instant ISSUED_AT = Instant.parse("2026-03-01T09:59:59Z");
    static final Actor ACTOR = new Actor("8f4f5b9e-3f0e-4c31-a0c4-2f6b1b8a6a10", ActorKind.USER, "127.0.0.1", "test");

    private Commands() {}

    static CommandEnvelope register(String userId, String tenant, String email) {
        return envelope(userId, tenant, new RegisterUser(email, "$argon2id$v=19$hash", "Ada Lovelace", null,
                List.of(Role.USER)));
    }

    static CommandEnvelope updateBio(String userId, String tenant, String bio) {
        return envelope(userId, tenant, new UpdateUserProfile(bio, null, null, null, null, null));
    }

    static CommandEnvelope deactivate(String userId, String tenant) {
        return envelope(userId, tenant, new DeactivateUser("left the company"));
    }

    static String newUserId() {
        return UUID.randomUUID().toString();
    }

    private static CommandEnvelope envelope(String userId, String tenant, Object payload) {
        return new CommandEnvelope(UUID.randomUUID().toString(), UUID.randomUUID().toString(), tenant, userId,
                ISSUED_AT, ACTOR, null, null, payload);
    }

    /** The command as sent with an {@code Idempotency-Key}: the key and the request's fingerprint. */
    static CommandEnvelope withIdempotencyKey(CommandEnvelope command, String key, String fingerprint) {
        return CommandEnvelope.newBuilder(command).setIdempotencyKey(key).setRequestFingerprint(fingerprint).build();
    }

    /**
     * The same request sent again, as the HTTP layer publishes a retry: new command and correlation ids and, for a
     * registration, a new user id (the HTTP layer picks one per request).
     */
    static CommandEnvelope resent(CommandEnvelope command) {
        CommandEnvelope.Builder again = CommandEnvelope.newBuilder(command)
                .setCommandId(UUID.randomUUID().toString())
                .setCorrelationId(UUID.randomUUID().toString());
        if (command.getPayload() instanceof RegisterUser) {
            again.setAggregateId(newUserId());
        }
        return again.build();
    }
}
