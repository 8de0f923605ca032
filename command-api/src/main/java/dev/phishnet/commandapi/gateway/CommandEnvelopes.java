package dev.phishnet.commandapi.gateway;

import java.time.Clock;
import java.util.UUID;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.envelope.Actor;

/** Wraps a command payload in its envelope: fresh command and correlation ids, the tenant, the actor, the time. */
public final class CommandEnvelopes {

    private CommandEnvelopes() {
    }

    public static CommandEnvelope of(String tenantId, String aggregateId, Actor actor, String idempotencyKey,
            Object payload, Clock clock) {
        return CommandEnvelope.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setCorrelationId(UUID.randomUUID().toString())
                .setTenantId(tenantId)
                .setAggregateId(aggregateId)
                .setIssuedAt(clock.instant())
                .setActor(actor)
                .setIdempotencyKey(idempotencyKey)
                .setPayload(payload)
                .build();
    }
}
