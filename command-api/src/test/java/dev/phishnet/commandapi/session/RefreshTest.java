package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.session.SessionFixture.INACTIVE_USER;
import static dev.phishnet.commandapi.session.SessionFixture.LAPTOP;
import static dev.phishnet.commandapi.session.SessionFixture.POLICY;
import static dev.phishnet.commandapi.session.SessionFixture.T0;
import static dev.phishnet.commandapi.session.SessionFixture.TENANT;
import static dev.phishnet.commandapi.session.SessionFixture.USER_ID;
import static dev.phishnet.commandapi.session.SessionFixture.refresh;
import static dev.phishnet.commandapi.session.SessionFixture.refreshed;
import static dev.phishnet.commandapi.session.SessionFixture.sid;
import static dev.phishnet.commandapi.session.SessionFixture.started;
import static dev.phishnet.commandapi.session.SessionFixture.token;
import static dev.phishnet.commandapi.session.SessionScenario.given;
import static dev.phishnet.commandapi.user.Rejection.Code.REFRESH_TOKEN_REUSED;
import static dev.phishnet.commandapi.user.Rejection.Code.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.phishnet.commandapi.session.SessionCommand.RefreshSession;
import dev.phishnet.commandapi.session.SessionEvent.RefreshTokenReused;
import dev.phishnet.commandapi.session.SessionEvent.SessionExpired;
import dev.phishnet.commandapi.session.SessionEvent.SessionLoggedOut;
import dev.phishnet.commandapi.session.SessionEvent.SessionRefreshed;
import dev.phishnet.commandapi.session.SessionEvent.SessionRevoked;
import org.junit.jupiter.api.Test;

class RefreshTest {

    static final Instant STARTED = T0.minus(Duration.ofMinutes(20));

    @Test
    void theCurrentTokenBuysANewOneAndALaterIdleDeadline() {
        var then = given(started(1, LAPTOP, STARTED)).when(refresh(1, "refresh-1", "refresh-1b"));

        then.thenExpect(new SessionRefreshed(sid(1), token("refresh-1b"), LAPTOP, T0, T0.plus(Duration.ofMinutes(30))));
        Session session = then.after().activeSession(sid(1)).orElseThrow();
        assertThat(session.refreshTokenHash()).isEqualTo(token("refresh-1b"));
        assertThat(session.rotatedOut()).containsExactly(token("refresh-1"));
        assertThat(session.lastSeenAt()).isEqualTo(T0);
    }

    @Test
    void theIdleDeadlineNeverPassesTheAbsoluteOne() {
        Instant almostDayOld = T0.minus(Duration.ofHours(24)).plus(Duration.ofMinutes(10));

        var then = given(started(1, LAPTOP, almostDayOld), refreshed(1, "refresh-1b", T0.minus(Duration.ofMinutes(5))))
                .when(refresh(1, "refresh-1b", "refresh-1c"));

        SessionRefreshed refreshed = (SessionRefreshed) then.decision().events().get(0);
        assertThat(refreshed.idleExpiresAt()).isEqualTo(almostDayOld.plus(POLICY.absoluteTimeout()));
    }

    @Test
    void aSpentTokenPresentedAgainRevokesTheSession() {
        var then = given(started(1, LAPTOP, STARTED), refreshed(1, "refresh-1b", T0.minusSeconds(60)))
                .when(refresh(1, "refresh-1", "refresh-1c"));

        then.thenRejectRecording(REFRESH_TOKEN_REUSED, new RefreshTokenReused(sid(1), LAPTOP),
                new SessionRevoked(sid(1), RevocationReason.REFRESH_TOKEN_REUSED));
        assertThat(then.after().active()).isEmpty();
    }

    @Test
    void aTokenNeverIssuedForTheSessionIsRefusedWithoutRecord() {
        given(started(1, LAPTOP, STARTED)).when(refresh(1, "forged", "next")).thenReject(UNAUTHORIZED);
    }

    @Test
    void anEndedSessionCannotBeRefreshed() {
        given(started(1, LAPTOP, STARTED), new SessionLoggedOut(sid(1))).when(refresh(1, "refresh-1", "next"))
                .thenReject(UNAUTHORIZED);
    }

    @Test
    void aSessionPastItsDeadlineExpiresWhenRefreshed() {
        Instant longAgo = T0.minus(Duration.ofHours(1));

        given(started(1, LAPTOP, longAgo)).when(refresh(1, "refresh-1", "next")).thenRejectRecording(UNAUTHORIZED,
                new SessionExpired(sid(1), SessionDeadline.IDLE, longAgo.plus(Duration.ofMinutes(30))));
    }

    @Test
    void withUserAgentBindingARefreshFromAnotherUserAgentIsRefusedWithoutRecord() {
        SessionPolicy binding = new SessionPolicy(5, POLICY.idleTimeout(), POLICY.absoluteTimeout(), true,
                POLICY.lockout(), POLICY.oneTimeCodes());
        Client sameAddressOtherAgent = new Client(LAPTOP.ip(), "curl/8.5", LAPTOP.os(), LAPTOP.browser(),
                LAPTOP.deviceType());
        RefreshSession fromCurl = new RefreshSession(USER_ID, TENANT, sid(1), token("refresh-1"), token("next"),
                sameAddressOtherAgent);

        var rejection = given(started(1, LAPTOP, STARTED)).policy(binding).when(fromCurl).thenReject(UNAUTHORIZED);

        assertThat(rejection.message()).contains("user agent");
        assertThat(given(started(1, LAPTOP, STARTED)).when(fromCurl).decision().events())
                .as("without binding").singleElement().isInstanceOf(SessionRefreshed.class);
    }

    @Test
    void anInactiveUsersSessionCannotBeRefreshed() {
        given(started(1, LAPTOP, STARTED)).user(Optional.of(INACTIVE_USER)).when(refresh(1, "refresh-1", "next"))
                .thenReject(UNAUTHORIZED);
    }

    @Test
    void onlyTheLatestSpentTokensAreRemembered() {
        UserSessions state = given(started(1, LAPTOP, STARTED)).state();
        for (int i = 0; i <= Session.ROTATED_OUT_KEPT; i++) {
            state = SessionDecider.evolve(state, refreshed(1, "refresh-1-" + i, T0));
        }

        Session session = state.activeSession(sid(1)).orElseThrow();
        assertThat(session.rotatedOut()).hasSize(Session.ROTATED_OUT_KEPT).doesNotContain(token("refresh-1"))
                .endsWith(token("refresh-1-" + (Session.ROTATED_OUT_KEPT - 1)));
    }
}
