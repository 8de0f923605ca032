package dev.phishnet.cleanup.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.session.ExpireSession;

/** The command that asks the processor to expire a session whose deadline has passed. */
public final class ExpiryCommands {

    /** Who issues expiry commands, as audit events name it. */
    public static final String ACTOR_ID = "cleanup-worker";
    private static final String USER_PREFIX = "user:";

    private ExpiryCommands() {
    }

    /** {@code user:<id>}: the key of the user's partition of {@code commands}, where its sessions are decided. */
    public static String routingKey(TrackedSession session) {
        return USER_PREFIX + session.userId();
    }

    /**
     * {@code ExpireSession{sessionId, dueAt}} for the session's current deadline, issued {@code now}. Its command id
     * is derived from the session and the deadline, so that a command sent again for the same deadline (the worker
     * redoing work it had not committed) is recognisably the same command, and a later deadline is a new one.
     */
    public static CommandEnvelope expireSession(String sessionId, TrackedSession session, Instant now) {
        Instant dueAt = session.deadline();
        String commandId = commandId(sessionId, dueAt);
        return CommandEnvelope.newBuilder()
                .setCommandId(commandId)
                .setCorrelationId(commandId)
                .setTenantId(session.tenantId())
                .setAggregateId(session.userId())
                .setIssuedAt(now)
                .setActor(Actor.newBuilder().setId(ACTOR_ID).setKind(ActorKind.SYSTEM).build())
                .setPayload(ExpireSession.newBuilder().setSessionId(sessionId).setDueAt(dueAt).build())
                .build();
    }

    static String commandId(String sessionId, Instant dueAt) {
        return UUID.nameUUIDFromBytes(("expire-session:" + sessionId + ":" + dueAt.toEpochMilli())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
