package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.session.SessionFixture.LAPTOP;
import static dev.phishnet.commandapi.session.SessionFixture.T0;
import static dev.phishnet.commandapi.session.SessionFixture.failedAt;
import static dev.phishnet.commandapi.session.SessionFixture.start;
import static dev.phishnet.commandapi.session.SessionFixture.wrongPassword;
import static dev.phishnet.commandapi.session.SessionScenario.given;
import static dev.phishnet.commandapi.user.Rejection.Code.LOCKED;
import static dev.phishnet.commandapi.user.Rejection.Code.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.phishnet.commandapi.session.SessionEvent.LoginFailed;
import dev.phishnet.commandapi.session.SessionEvent.UserLockedOut;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Decision.Rejected;
import dev.phishnet.commandapi.user.Rejection;
import org.junit.jupiter.api.Test;

class LockoutRulesTest {

    @Test
    void aWrongPasswordIsRecordedWithTheRecentFailuresAndRefused() {
        var then = given(failedAt(T0.minusSeconds(30), 1)).when(wrongPassword());

        Rejection rejection = then.thenRejectRecording(UNAUTHORIZED,
                new LoginFailed(LoginMethod.PASSWORD, LoginFailure.BAD_CREDENTIALS, LAPTOP, 2, T0));
        assertThat(rejection.retryAfter()).isNull();
    }

    @Test
    void theFifthWrongPasswordInsideTheWindowLocksForTheFirstLockLength() {
        var then = given(failedAt(T0.minusSeconds(40), 1), failedAt(T0.minusSeconds(30), 2),
                failedAt(T0.minusSeconds(20), 3), failedAt(T0.minusSeconds(10), 4))
                .when(wrongPassword());

        Rejection rejection = then.thenRejectRecording(UNAUTHORIZED,
                new LoginFailed(LoginMethod.PASSWORD, LoginFailure.BAD_CREDENTIALS, LAPTOP, 5, T0),
                new UserLockedOut(T0.plusSeconds(60), 1, 5));
        assertThat(rejection.retryAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(then.after().attempts().failures()).as("a lock starts the count afresh").isEmpty();
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        Instant old = T0.minus(Duration.ofMinutes(16));
        given(failedAt(old, 1), failedAt(old, 2), failedAt(old, 3), failedAt(old, 4)).when(wrongPassword())
                .thenRejectRecording(UNAUTHORIZED,
                        new LoginFailed(LoginMethod.PASSWORD, LoginFailure.BAD_CREDENTIALS, LAPTOP, 1, T0));
    }

    @Test
    void aWrongPasswordWhileLockedIsRecordedAsLockedWithoutCountingOrExtendingTheLock() {
        var then = given(new UserLockedOut(T0.plusSeconds(45), 1, 5)).when(wrongPassword());

        Rejection rejection = then.thenRejectRecording(LOCKED,
                new LoginFailed(LoginMethod.PASSWORD, LoginFailure.LOCKED, LAPTOP, 0, T0));
        assertThat(rejection.retryAfter()).isEqualTo(Duration.ofSeconds(45));
        assertThat(then.after().attempts().lockedUntil()).isEqualTo(T0.plusSeconds(45));
    }

    @Test
    void eachLockBeforeASuccessDoublesUpToTheCap() {
        UserSessions state = UserSessions.NONE;
        Instant now = T0;
        for (int lock = 1; lock <= 6; lock++) {
            Decision<SessionEvent> decision = null;
            for (int failure = 0; failure < 5; failure++) {
                decision = SessionDecider.decide(state, Optional.of(SessionFixture.USER), wrongPassword(), now,
                        SessionFixture.POLICY);
                state = SessionDecider.evolve(state, decision.events());
            }
            Duration expected = Duration.ofMinutes(Math.min(15, 1L << (lock - 1)));
            assertThat(((Rejected<SessionEvent>) decision).rejection().retryAfter()).as("lock %d", lock)
                    .isEqualTo(expected);
            assertThat(state.attempts().lockLevel()).isEqualTo(lock);
            now = state.attempts().lockedUntil();
        }
    }

    @Test
    void theLockLevelStartsOverAfterASuccessfulSignIn() {
        var then = given(new UserLockedOut(T0.minusSeconds(1), 3, 5), SessionFixture.started(1, LAPTOP, T0));

        assertThat(then.state().attempts().lockLevel()).isZero();
        assertThat(given(new UserLockedOut(T0.minusSeconds(1), 3, 5)).when(start(1, LAPTOP)).after().attempts())
                .isEqualTo(FailedAttempts.NONE);
    }

    @Test
    void aFailureForAnUnknownUserIsRefusedWithoutRecord() {
        given().user(Optional.empty()).when(wrongPassword()).thenReject(UNAUTHORIZED);
    }
}
