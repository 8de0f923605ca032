package dev.phishnet.commandapi.user;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of deciding one command: the events it causes, or why it was refused. Generic in the event type so
 * that every aggregate (users, email claims, sessions, ...) decides in the same shape.
 *
 * <p>A refusal can be a fact too: a wrong password is refused and recorded ({@code LoginFailed}), so that lockouts
 * count it. Such a decision is {@link Rejected} with events; most refusals record nothing.
 */
public sealed interface Decision<E> {

    /** The events to record, in order: the command's effect when accepted, the refusal's own facts when rejected. */
    List<E> events();

    /** The command holds; its events, possibly none when it had already been applied. */
    record Accepted<E>(List<E> events) implements Decision<E> {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    /** The command is refused; {@code events} are the facts the refusal itself is, usually none. */
    record Rejected<E>(Rejection rejection, List<E> events) implements Decision<E> {
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
            events = List.copyOf(events);
        }

        public Rejected(Rejection rejection) {
            this(rejection, List.of());
        }
    }

    @SafeVarargs
    static <E> Decision<E> accept(E... events) {
        return new Accepted<>(List.of(events));
    }

    static <E> Decision<E> accept(List<E> events) {
        return new Accepted<>(events);
    }

    static <E> Decision<E> reject(Rejection rejection) {
        return new Rejected<>(rejection);
    }

    /** Refuses the command and records {@code events}, e.g. the failed attempt a lockout counts. */
    static <E> Decision<E> reject(Rejection rejection, List<E> events) {
        return new Rejected<>(rejection, events);
    }
}
