package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.session.SessionFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import dev.phishnet.commandapi.session.RiskScore.Reason;
import org.junit.jupiter.api.Test;

class PoliciesTest {

    final Lockout lockout = SessionFixture.POLICY.lockout();

    @Test
    void lockLengthsDoubleFromTheFirstLockUpToTheCap() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 60).stream().map(lockout::lockLength).toList()).containsExactly(
                Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15));
    }

    @Test
    void theThresholdthFailureLocksAtTheNextLevel() {
        FailedAttempts onceLocked = FailedAttempts.NONE.locked(T0.minusSeconds(600), 1);

        assertThat(lockout.lockAfter(onceLocked, 4, T0)).isEmpty();
        assertThat(lockout.lockAfter(onceLocked, 5, T0)).contains(new Lockout.Lock(T0.plusSeconds(120), 2));
    }

    @Test
    void onlyFailuresInsideTheWindowAreRecent() {
        FailedAttempts attempts = FailedAttempts.NONE.failed(T0.minus(Duration.ofMinutes(15)))
                .failed(T0.minus(Duration.ofMinutes(14))).failed(T0);

        assertThat(lockout.recentFailures(attempts, T0)).isEqualTo(2);
    }

    @Test
    void aRetryAfterIsRoundedUpToWholeSeconds() {
        FailedAttempts locked = FailedAttempts.NONE.locked(T0.plusMillis(1_001), 1);

        assertThat(locked.retryAfter(T0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(locked.lockedAt(T0.plusMillis(1_001))).isFalse();
    }

    @Test
    void aLockoutThresholdBeyondTheKeptFailuresIsRefused() {
        assertThatThrownBy(() -> new Lockout(FailedAttempts.KEPT + 1, Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void riskAddsUpItsSignalsWithFailuresCapped() {
        assertThat(RiskScore.assess(false, false, 0)).isEqualTo(RiskScore.NONE);
        assertThat(RiskScore.assess(true, false, 0)).isEqualTo(new RiskScore(30, List.of(Reason.NEW_DEVICE)));
        assertThat(RiskScore.assess(false, true, 2)).isEqualTo(new RiskScore(40,
                List.of(Reason.NEW_IP, Reason.RECENT_FAILURES)));
        assertThat(RiskScore.assess(true, true, 9)).isEqualTo(new RiskScore(90,
                List.of(Reason.NEW_DEVICE, Reason.NEW_IP, Reason.RECENT_FAILURES)));
    }

    @Test
    void theDeviceKeyIsOsBrowserAndDeviceType() {
        assertThat(SessionFixture.LAPTOP.device()).isEqualTo("Mac OS X|Chrome|Desktop");
    }

    @Test
    void aSecretHashNeverPrintsItself() {
        assertThat(SecretHash.of("abc").toString()).doesNotContain("abc");
        assertThat(SecretHash.of("abc").matches(SecretHash.of("abc"))).isTrue();
        assertThat(SecretHash.of("abc").matches(SecretHash.of("abd"))).isFalse();
    }
}
