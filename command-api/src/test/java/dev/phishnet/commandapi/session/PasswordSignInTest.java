package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.session.SessionFixture.CREDENTIAL_VERSION;
import static dev.phishnet.commandapi.session.SessionFixture.INACTIVE_USER;
import static dev.phishnet.commandapi.session.SessionFixture.LAPTOP;
import static dev.phishnet.commandapi.session.SessionFixture.OTHER_TENANT;
import static dev.phishnet.commandapi.session.SessionFixture.PHONE;
import static dev.phishnet.commandapi.session.SessionFixture.POLICY;
import static dev.phishnet.commandapi.session.SessionFixture.T0;
import static dev.phishnet.commandapi.session.SessionFixture.TENANT;
import static dev.phishnet.commandapi.session.SessionFixture.USER_ID;
import static dev.phishnet.commandapi.session.SessionFixture.change;
import static dev.phishnet.commandapi.session.SessionFixture.failedAt;
import static dev.phishnet.commandapi.session.SessionFixture.sid;
import static dev.phishnet.commandapi.session.SessionFixture.start;
import static dev.phishnet.commandapi.session.SessionFixture.started;
import static dev.phishnet.commandapi.session.SessionFixture.token;
import static dev.phishnet.commandapi.session.SessionScenario.given;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.LOCKED;
import static dev.phishnet.commandapi.user.Rejection.Code.STALE_CREDENTIAL;
import static dev.phishnet.commandapi.user.Rejection.Code.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.session.SessionCommand.StartSession;
import dev.phishnet.commandapi.session.SessionEvent.LoginFailed;
import dev.phishnet.commandapi.session.SessionEvent.NewDeviceLoginDetected;
import dev.phishnet.commandapi.session.SessionEvent.SecuritySettingsChanged;
import dev.phishnet.commandapi.session.SessionEvent.SessionEvicted;
import dev.phishnet.commandapi.session.SessionEvent.SessionExpired;
import dev.phishnet.commandapi.session.SessionEvent.SessionStarted;
import dev.phishnet.commandapi.session.SessionEvent.UserLockedOut;
import dev.phishnet.commandapi.user.Rejection;
import org.junit.jupiter.api.Test;

class PasswordSignInTest {

    @Test
    void firstSignInStartsASessionWithTheDefaultDeadlinesAndNoRisk() {
        given().when(start(1, LAPTOP)).thenExpect(new SessionStarted(sid(1), LoginMethod.PASSWORD, LAPTOP,
                "Mac OS X|Chrome|Desktop", false, RiskScore.NONE, token("refresh-1"), null, T0,
                T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofHours(24))));
    }

    @Test
    void theUsersOwnTimeoutsReplaceThePlatformDefaults() {
        SecuritySettings own = new SecuritySettings(null, 10, 2, null, null);

        SessionStarted started = (SessionStarted) given(new SecuritySettingsChanged(own))
                .when(start(1, LAPTOP)).decision().events().get(0);

        assertThat(started.idleExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(started.absoluteExpiresAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
    }

    @Test
    void anIdleTimeoutLongerThanTheAbsoluteOneEndsAtTheAbsoluteDeadline() {
        SecuritySettings own = new SecuritySettings(null, 10_080, 1, null, null);

        SessionStarted started = (SessionStarted) given(new SecuritySettingsChanged(own))
                .when(start(1, LAPTOP)).decision().events().get(0);

        assertThat(started.idleExpiresAt()).isEqualTo(started.absoluteExpiresAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void unknownUserAndAnotherTenantsUserAreRefusedAlikeAndRecordNothing() {
        Rejection unknown = given().user(Optional.empty()).when(start(1, LAPTOP)).thenReject(UNAUTHORIZED);
        Rejection otherTenant = given().when(new StartSession(USER_ID, OTHER_TENANT, sid(1), LoginMethod.PASSWORD,
                CREDENTIAL_VERSION, null, token("r"), LAPTOP)).thenReject(UNAUTHORIZED);

        assertThat(otherTenant).isEqualTo(unknown);
    }

    @Test
    void aLockedUserIsRecordedAsLockedNotCountedAndToldWhenToRetry() {
        Instant lockedAt = T0.minusSeconds(20);
        var then = given(failedAt(lockedAt, 5), new UserLockedOut(lockedAt.plusSeconds(60), 1, 5))
                .when(start(1, LAPTOP));

        Rejection rejection = then.thenRejectRecording(LOCKED,
                new LoginFailed(LoginMethod.PASSWORD, LoginFailure.LOCKED, LAPTOP, 0, T0));
        assertThat(rejection.retryAfter()).isEqualTo(Duration.ofSeconds(40));
        assertThat(then.after().attempts().failures()).as("an attempt while locked does not count").isEmpty();
    }

    @Test
    void anInactiveUserIsRecordedAndRefused() {
        given().user(Optional.of(INACTIVE_USER)).when(start(1, LAPTOP)).thenRejectRecording(UNAUTHORIZED,
                new LoginFailed(LoginMethod.PASSWORD, LoginFailure.USER_INACTIVE, LAPTOP, 0, T0));
    }

    @Test
    void aPasswordVerifiedAgainstAReplacedCredentialIsStaleAndRecordsNothing() {
        StartSession stale = new StartSession(USER_ID, TENANT, sid(1), LoginMethod.PASSWORD,
                CREDENTIAL_VERSION - 1, null, token("r"), LAPTOP);

        given().when(stale).thenReject(STALE_CREDENTIAL);
    }

    @Test
    void anAddressOutsideTheAllowListIsRecordedAndRefused() {
        var allowList = new SecuritySettingsChanged(new SecuritySettings(null, null, null,
                List.of("10.0.0.0/8", "2001:db8::/32"), null));

        given(allowList).when(start(1, LAPTOP)).thenRejectRecording(UNAUTHORIZED,
                new LoginFailed(LoginMethod.PASSWORD, LoginFailure.ADDRESS_NOT_ALLOWED, LAPTOP, 0, T0));
        assertThat(given(allowList).when(start(1, PHONE)).decision().events().get(0))
                .as("the phone's IPv6 address is in 2001:db8::/32").isInstanceOf(SessionStarted.class);
    }

    @Test
    void aSignInAtTheLimitEvictsTheOldestSession() {
        var then = given(started(1, LAPTOP, T0.minusSeconds(50)), started(2, LAPTOP, T0.minusSeconds(40)),
                started(3, LAPTOP, T0.minusSeconds(30)), started(4, LAPTOP, T0.minusSeconds(20)),
                started(5, LAPTOP, T0.minusSeconds(10)))
                .when(start(6, LAPTOP));

        assertThat(then.decision().events().get(0)).isEqualTo(new SessionEvicted(sid(1), sid(6)));
        assertThat(then.after().active()).extracting(Session::id).containsExactly(sid(2), sid(3), sid(4), sid(5),
                sid(6));
    }

    @Test
    void aLimitLoweredBelowTheActiveSessionsEvictsAsManyAsNeeded() {
        var then = given(started(1, LAPTOP, T0.minusSeconds(30)), started(2, LAPTOP, T0.minusSeconds(20)),
                started(3, LAPTOP, T0.minusSeconds(10)),
                new SecuritySettingsChanged(new SecuritySettings(2, null, null, null, null)))
                .when(start(4, LAPTOP));

        assertThat(then.decision().events()).filteredOn(SessionEvicted.class::isInstance)
                .containsExactly(new SessionEvicted(sid(1), sid(4)), new SessionEvicted(sid(2), sid(4)));
        assertThat(then.after().active()).extracting(Session::id).containsExactly(sid(3), sid(4));
    }

    @Test
    void sessionsPastTheirDeadlineExpireRatherThanCostALiveSessionItsPlace() {
        Instant longAgo = T0.minus(Duration.ofHours(2));
        var then = given(started(1, LAPTOP, longAgo), started(2, LAPTOP, T0.minusSeconds(40)),
                started(3, LAPTOP, T0.minusSeconds(30)), started(4, LAPTOP, T0.minusSeconds(20)),
                started(5, LAPTOP, T0.minusSeconds(10)))
                .when(start(6, LAPTOP));

        assertThat(then.decision().events().get(0)).isEqualTo(
                new SessionExpired(sid(1), SessionDeadline.IDLE, longAgo.plus(Duration.ofMinutes(30))));
        assertThat(then.decision().events()).noneMatch(SessionEvicted.class::isInstance);
        assertThat(then.after().active()).hasSize(5);
    }

    @Test
    void aNewDeviceAndAddressOfAUserWhoSignedInBeforeRaiseTheRiskAndTheAlert() {
        var then = given(started(1, LAPTOP, T0.minusSeconds(60))).when(start(2, PHONE));

        SessionStarted started = (SessionStarted) then.decision().events().get(0);
        assertThat(started.newDevice()).isTrue();
        assertThat(started.risk()).isEqualTo(new RiskScore(50,
                List.of(RiskScore.Reason.NEW_DEVICE, RiskScore.Reason.NEW_IP)));
        assertThat(then.decision().events().get(1))
                .isEqualTo(new NewDeviceLoginDetected(sid(2), "Android|Chrome Mobile|Mobile", PHONE));
    }

    @Test
    void aKnownDeviceAndAddressCarryNoRisk() {
        var then = given(started(1, LAPTOP, T0.minusSeconds(60))).when(start(2, LAPTOP));

        assertThat(then.decision().events()).singleElement().isInstanceOfSatisfying(SessionStarted.class,
                started -> assertThat(started.risk()).isEqualTo(RiskScore.NONE));
    }

    @Test
    void newDeviceAlertsCanBeTurnedOff() {
        var then = given(started(1, LAPTOP, T0.minusSeconds(60)),
                new SecuritySettingsChanged(new SecuritySettings(null, null, null, null, false)))
                .when(start(2, PHONE));

        assertThat(then.decision().events()).singleElement().isInstanceOf(SessionStarted.class);
    }

    @Test
    void recentFailuresRaiseTheRiskAndASuccessClearsThemAndTheLockLevel() {
        var then = given(failedAt(T0.minusSeconds(30), 1), failedAt(T0.minusSeconds(20), 2),
                failedAt(T0.minusSeconds(10), 3))
                .when(start(1, LAPTOP));

        SessionStarted started = (SessionStarted) then.decision().events().get(0);
        assertThat(started.risk()).isEqualTo(new RiskScore(30, List.of(RiskScore.Reason.RECENT_FAILURES)));
        assertThat(then.after().attempts()).isEqualTo(FailedAttempts.NONE);
    }

    @Test
    void aSessionIdAlreadyUsedIsAConflict() {
        given(started(1, LAPTOP, T0.minusSeconds(10))).when(start(1, LAPTOP)).thenReject(CONFLICT);
    }

    @Test
    void failuresOlderThanTheWindowAddNoRisk() {
        var then = given(failedAt(T0.minus(POLICY.lockout().window()), 1)).when(start(1, LAPTOP));

        assertThat(((SessionStarted) then.decision().events().get(0)).risk()).isEqualTo(RiskScore.NONE);
    }

    @Test
    void theUsersLimitAppliesAtTheNextSignIn() {
        var then = given(started(1, LAPTOP, T0.minusSeconds(10)))
                .when(change(new SecuritySettings(1, null, null, null, null)));

        assertThat(then.after().active()).as("running sessions are not cut short").hasSize(1);
    }
}
