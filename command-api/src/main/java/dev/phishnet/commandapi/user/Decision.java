package dev.phishnet.commandapi.user;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of deciding one command: the events it causes, or why it was refused. Generic in the event type so
 * that every aggregate (users, email claims, ...) decides in the same shape.
 */
public sealed interface Decision<E> {

    /** The command holds; its events, possibly none when it had already been applied. */
    record Accepted<E>(List<E> events) implements Decision<E> {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected<E>(Rejection rejection) implements Decision<E> {
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    @SafeVarargs
    static <E> Decision<E> accept(E... events) {
        return new Accepted<>(List.of(events));
    }

    static <E> Decision<E> reject(Rejection rejection) {
        return new Rejected<>(rejection);
    }
}
