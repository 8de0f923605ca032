package dev.phishnet.commandapi.gateway;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import reactor.core.publisher.Mono;

/** Where the HTTP layer hands its commands: one command in, its decided outcome out. */
public interface CommandGateway {

    /**
     * Publishes the command under the routing key and waits for its outcome (same correlation id).
     *
     * @return the outcome, or an error {@link CommandOutcomeUnknownException} when the command could not be published
     *     or its outcome did not arrive in time: then it may or may not have been decided
     */
    Mono<CommandOutcome> send(String routingKey, CommandEnvelope command);
}
