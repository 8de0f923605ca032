package dev.phishnet.commandapi.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BiFunction;

import dev.phishnet.commandapi.user.Decision.Accepted;
import dev.phishnet.commandapi.user.Decision.Rejected;

/**
 * given(events) / when(command) / then(events or rejection) over any pair of decide and evolve functions.
 * The history is folded with evolve, exactly as the command processor rebuilds state.
 */
public final class Scenario<S, C, E> {

    private final S initial;
    private final BiFunction<S, C, Decision<E>> decide;
    private final BiFunction<S, E, S> evolve;

    private Scenario(S initial, BiFunction<S, C, Decision<E>> decide, BiFunction<S, E, S> evolve) {
        this.initial = initial;
        this.decide = decide;
        this.evolve = evolve;
    }

    public static <S, C, E> Scenario<S, C, E> of(
            S initial, BiFunction<S, C, Decision<E>> decide, BiFunction<S, E, S> evolve) {
        return new Scenario<>(initial, decide, evolve);
    }

    @SafeVarargs
    public final Given given(E... history) {
        S state = initial;
        for (E event : history) {
            state = evolve.apply(state, event);
        }
        return new Given(state);
    }

    public final class Given {
        private final S state;

        private Given(S state) {
            this.state = state;
        }

        public S state() {
            return state;
        }

        public Then when(C command) {
            return new Then(decide.apply(state, command));
        }
    }

    public final class Then {
        private final Decision<E> decision;

        private Then(Decision<E> decision) {
            this.decision = decision;
        }

        @SafeVarargs
        public final void thenExpect(E... events) {
            assertThat(decision).isInstanceOf(Accepted.class);
            assertThat(((Accepted<E>) decision).events()).containsExactly(events);
        }

        public void thenExpectNoEvents() {
            assertThat(decision).isEqualTo(new Accepted<E>(List.of()));
        }

        /** Asserts the code and field, and returns the rejection for anything more. */
        public Rejection thenReject(Rejection.Code code, String field) {
            assertThat(decision).isInstanceOf(Rejected.class);
            Rejection rejection = ((Rejected<E>) decision).rejection();
            assertThat(rejection.code()).isEqualTo(code);
            assertThat(rejection.field()).isEqualTo(field);
            return rejection;
        }
    }
}
