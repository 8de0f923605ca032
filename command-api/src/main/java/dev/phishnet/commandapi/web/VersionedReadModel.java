package dev.phishnet.commandapi.web;

import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/** A read model a consistency token can name: it can tell when it has reached an aggregate's version. */
public interface VersionedReadModel {

    /** The kind a consistency token names it by ({@code users}, {@code sessions}). */
    String kind();

    /** Completes once the tenant's aggregate has reached the version; empty forever otherwise (callers bound it). */
    Mono<Void> awaitVersion(String tenantId, String aggregateId, long version);

    /**
     * Completes once {@code reached} answers true, asking again after a short growing backoff (5, 10, 20, 40, 80, then
     * every 100 ms); empty forever otherwise, so the caller bounds the wait.
     */
    static Mono<Void> once(Supplier<Mono<Boolean>> reached) {
        return Mono.defer(reached)
                .filter(Boolean::booleanValue)
                .repeatWhenEmpty(attempts -> attempts.concatMap(attempt -> Mono.delay(Backoff.after(attempt))))
                .then();
    }

    /** The wait before the next look at a read model. */
    final class Backoff {
        private static final Duration FIRST = Duration.ofMillis(5);
        private static final Duration MAX = Duration.ofMillis(100);

        private Backoff() {
        }

        static Duration after(long attempt) {
            Duration next = FIRST.multipliedBy(1L << Math.min(attempt, 5));
            return next.compareTo(MAX) > 0 ? MAX : next;
        }
    }
}
