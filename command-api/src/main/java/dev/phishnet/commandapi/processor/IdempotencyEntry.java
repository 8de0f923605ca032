package dev.phishnet.commandapi.processor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.phishnet.schemas.command.CommandOutcome;

/**
 * What the processor remembers of one idempotency key: the fingerprint of the request that first used it, and that
 * request's outcome once decided (pending until then), with the repeats that arrived meanwhile and wait for it.
 *
 * @param fingerprint the first request's fingerprint: a repeat must carry the same
 * @param outcome the first request's outcome; null while it is being decided
 * @param waiting correlation ids of repeats that arrived while pending, oldest first
 * @param firstSeenAt when the key was first used: it is forgotten a window after
 */
record IdempotencyEntry(String fingerprint, CommandOutcome outcome, List<String> waiting, Instant firstSeenAt) {

    /**
     * Repeats a pending key answers at most; beyond, the oldest waiter is dropped. Its request has long given up
     * (they wait seconds): it answers 503 and its client retries, never a wrong outcome.
     */
    static final int MAX_WAITING = 64;

    IdempotencyEntry {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(firstSeenAt, "firstSeenAt");
        waiting = List.copyOf(waiting);
    }

    static IdempotencyEntry pending(String fingerprint, Instant firstSeenAt) {
        return new IdempotencyEntry(fingerprint, null, List.of(), firstSeenAt);
    }

    boolean decided() {
        return outcome != null;
    }

    IdempotencyEntry awaitedBy(String correlationId) {
        List<String> next = new ArrayList<>(waiting);
        if (next.size() >= MAX_WAITING) {
            next.remove(0);
        }
        next.add(correlationId);
        return new IdempotencyEntry(fingerprint, null, next, firstSeenAt);
    }

    IdempotencyEntry decided(CommandOutcome decided) {
        return new IdempotencyEntry(fingerprint, Objects.requireNonNull(decided, "outcome"), List.of(), firstSeenAt);
    }
}
