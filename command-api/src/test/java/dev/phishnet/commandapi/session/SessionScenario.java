package dev.phishnet.commandapi.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Decision.Accepted;
import dev.phishnet.commandapi.user.Decision.Rejected;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.User;

/**
 * given(events) / when(command) / then(events, rejection, or both) for the sessions aggregate. The history is folded
 * with evolve, as the processor rebuilds state; the user, the time and the policy default to the fixture's.
 */
final class SessionScenario {

    private SessionScenario() {}

    static Given given(SessionEvent... history) {
        UserSessions state = UserSessions.NONE;
        for (SessionEvent event : history) {
            state = SessionDecider.evolve(state, event);
        }
        return new Given(state, Optional.of(SessionFixture.USER), SessionFixture.T0, SessionFixture.POLICY);
    }

    record Given(UserSessions state, Optional<User> user, Instant now, SessionPolicy policy) {

        Given user(Optional<User> newUser) {
            return new Given(state, newUser, now, policy);
        }

        Given at(Instant newNow) {
            return new Given(state, user, newNow, policy);
        }

        Given policy(SessionPolicy newPolicy) {
            return new Given(state, user, now, newPolicy);
        }

        Then when(SessionCommand command) {
            return new Then(state, SessionDecider.decide(state, user, command, now, policy));
        }
    }

    record Then(UserSessions before, Decision<SessionEvent> decision) {

        void thenExpect(SessionEvent... events) {
            assertThat(decision).isInstanceOf(Accepted.class);
            assertThat(decision.events()).containsExactly(events);
        }

        void thenExpectNoEvents() {
            assertThat(decision).isInstanceOf(Accepted.class);
            assertThat(decision.events()).isEmpty();
        }

        /** Refused with no event recorded; returns the rejection for anything more. */
        Rejection thenReject(Rejection.Code code) {
            return thenRejectRecording(code);
        }

        /** Refused, with exactly these events recorded; returns the rejection for anything more. */
        Rejection thenRejectRecording(Rejection.Code code, SessionEvent... events) {
            assertThat(decision).isInstanceOf(Rejected.class);
            assertThat(decision.events()).containsExactly(events);
            Rejection rejection = ((Rejected<SessionEvent>) decision).rejection();
            assertThat(rejection.code()).isEqualTo(code);
            return rejection;
        }

        /** The state the decision leads to. */
        UserSessions after() {
            return SessionDecider.evolve(before, decision.events());
        }
    }
}
