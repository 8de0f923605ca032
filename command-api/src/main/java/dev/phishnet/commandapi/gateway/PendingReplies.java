package dev.phishnet.commandapi.gateway;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.phishnet.schemas.command.CommandOutcome;

/**
 * Requests of this instance waiting for their outcome, by correlation id. A reply nobody waits for (another
 * instance's, or one that came after its request gave up) is dropped.
 */
final class PendingReplies {

    private final Map<String, CompletableFuture<CommandOutcome>> waiting = new ConcurrentHashMap<>();

    /** Registered before the command is published, so that even an instant reply finds its waiter. */
    CompletableFuture<CommandOutcome> expect(String correlationId) {
        CompletableFuture<CommandOutcome> reply = new CompletableFuture<>();
        if (waiting.putIfAbsent(correlationId, reply) != null) {
            throw new IllegalStateException("correlation id already pending: " + correlationId);
        }
        return reply;
    }

    void complete(String correlationId, CommandOutcome outcome) {
        CompletableFuture<CommandOutcome> reply = waiting.remove(correlationId);
        if (reply != null) {
            reply.complete(outcome);
        }
    }

    void forget(String correlationId) {
        waiting.remove(correlationId);
    }

    int size() {
        return waiting.size();
    }
}
