package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.session.SessionFixture.INACTIVE_USER;
import static dev.phishnet.commandapi.session.SessionFixture.LAPTOP;
import static dev.phishnet.commandapi.session.SessionFixture.T0;
import static dev.phishnet.commandapi.session.SessionFixture.issue;
import static dev.phishnet.commandapi.session.SessionFixture.issuedAt;
import static dev.phishnet.commandapi.session.SessionFixture.startWithCode;
import static dev.phishnet.commandapi.session.SessionFixture.token;
import static dev.phishnet.commandapi.session.SessionScenario.given;
import static dev.phishnet.commandapi.user.Rejection.Code.RATE_LIMITED;
import static dev.phishnet.commandapi.user.Rejection.Code.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import dev.phishnet.commandapi.session.SessionEvent.LoginFailed;
import dev.phishnet.commandapi.session.SessionEvent.OneTimeCodeIssued;
import dev.phishnet.commandapi.session.SessionEvent.SessionStarted;
import dev.phishnet.commandapi.session.SessionEvent.UserLockedOut;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OneTimeCodeTest {

    @Nested
    class Issuing {

        @Test
        void aCodeIsIssuedValidForTheConfiguredTime() {
            given().when(issue("123456")).thenExpect(
                    new OneTimeCodeIssued(token("123456"), T0, T0.plus(Duration.ofMinutes(5)), LAPTOP));
        }

        @Test
        void aFourthCodeWithinTheWindowIsRateLimitedUntilTheFirstLeavesIt() {
            var given = given(issuedAt("a", T0.minus(Duration.ofMinutes(10))),
                    issuedAt("b", T0.minus(Duration.ofMinutes(5))), issuedAt("c", T0.minusSeconds(30)));

            var rejection = given.when(issue("d")).thenReject(RATE_LIMITED);

            assertThat(rejection.retryAfter()).isEqualTo(Duration.ofMinutes(5));
            assertThat(given.at(T0.plus(Duration.ofMinutes(5))).when(issue("d")).decision().events())
                    .singleElement().isInstanceOf(OneTimeCodeIssued.class);
        }

        @Test
        void noCodeGoesToAnUnknownOrInactiveUser() {
            given().user(Optional.empty()).when(issue("1")).thenReject(UNAUTHORIZED);
            given().user(Optional.of(INACTIVE_USER)).when(issue("1")).thenReject(UNAUTHORIZED);
        }
    }

    @Nested
    class SigningIn {

        @Test
        void theLiveCodeStartsASessionAndIsSpent() {
            var then = given(issuedAt("123456", T0.minusSeconds(60))).when(startWithCode(1, "123456"));

            assertThat(then.decision().events()).singleElement().isInstanceOfSatisfying(SessionStarted.class,
                    started -> assertThat(started.method()).isEqualTo(LoginMethod.ONE_TIME_CODE));
            assertThat(then.after().codes()).singleElement().extracting(OneTimeCode::spent).isEqualTo(true);
        }

        @Test
        void aSpentCodeCannotStartASecondSession() {
            var first = given(issuedAt("123456", T0.minusSeconds(60))).when(startWithCode(1, "123456")).after();

            var then = SessionDecider.decide(first, Optional.of(SessionFixture.USER), startWithCode(2, "123456"), T0,
                    SessionFixture.POLICY);

            assertThat(then.events()).singleElement().isInstanceOfSatisfying(LoginFailed.class,
                    failed -> assertThat(failed.reason()).isEqualTo(LoginFailure.NO_ACTIVE_CODE));
        }

        @Test
        void aWrongCodeIsCountedTowardsTheLockAndTheCodesAttempts() {
            var then = given(issuedAt("123456", T0.minusSeconds(60))).when(startWithCode(1, "654321"));

            then.thenRejectRecording(UNAUTHORIZED,
                    new LoginFailed(LoginMethod.ONE_TIME_CODE, LoginFailure.BAD_CODE, LAPTOP, 1, T0));
            assertThat(then.after().codeAttempts()).isEqualTo(1);
            assertThat(then.after().attempts().failures()).containsExactly(T0);
        }

        @Test
        void withoutAnyCodeTheAttemptIsNoActiveCode() {
            given().when(startWithCode(1, "123456")).thenRejectRecording(UNAUTHORIZED,
                    new LoginFailed(LoginMethod.ONE_TIME_CODE, LoginFailure.NO_ACTIVE_CODE, LAPTOP, 1, T0));
        }

        @Test
        void anExpiredCodeIsNoLongerLive() {
            given(issuedAt("123456", T0.minus(Duration.ofMinutes(5)))).when(startWithCode(1, "123456"))
                    .thenRejectRecording(UNAUTHORIZED,
                            new LoginFailed(LoginMethod.ONE_TIME_CODE, LoginFailure.NO_ACTIVE_CODE, LAPTOP, 1, T0));
        }

        @Test
        void afterMaxAttemptsWrongCodesEvenTheRightCodeIsVoid() {
            UserSessions state = given(issuedAt("right", T0.minusSeconds(60))).state();
            for (int i = 0; i < 4; i++) {
                state = SessionDecider.evolve(state, new LoginFailed(LoginMethod.ONE_TIME_CODE,
                        LoginFailure.BAD_CODE, LAPTOP, i + 1, T0.minus(Duration.ofMinutes(20))));
            }
            var lastWrong = SessionDecider.decide(state, Optional.of(SessionFixture.USER), startWithCode(1, "wrong"),
                    T0, SessionFixture.POLICY);
            state = SessionDecider.evolve(state, lastWrong.events());

            var right = SessionDecider.decide(state, Optional.of(SessionFixture.USER), startWithCode(1, "right"), T0,
                    SessionFixture.POLICY);

            assertThat(state.codeAttempts()).isEqualTo(5);
            assertThat(right.events()).first().isInstanceOfSatisfying(LoginFailed.class,
                    failed -> assertThat(failed.reason()).isEqualTo(LoginFailure.NO_ACTIVE_CODE));
        }

        @Test
        void aNewCodeGetsFreshAttempts() {
            var given = given(issuedAt("old", T0.minusSeconds(60)),
                    new LoginFailed(LoginMethod.ONE_TIME_CODE, LoginFailure.BAD_CODE, LAPTOP, 1, T0.minusSeconds(50)),
                    issuedAt("new", T0.minusSeconds(10)));

            assertThat(given.state().codeAttempts()).isZero();
        }

        @Test
        void wrongCodesLockTheUserLikeWrongPasswords() {
            UserSessions state = given(issuedAt("right", T0.minusSeconds(60))).state();
            for (int i = 1; i <= 4; i++) {
                state = SessionDecider.evolve(state, SessionFixture.failedAt(T0.minusSeconds(10L * i), i));
            }

            var fifth = SessionDecider.decide(state, Optional.of(SessionFixture.USER), startWithCode(1, "wrong"), T0,
                    SessionFixture.POLICY);

            assertThat(fifth.events()).last().isEqualTo(new UserLockedOut(T0.plusSeconds(60), 1, 5));
        }
    }
}
