package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.session.SessionFixture.INACTIVE_USER;
import static dev.phishnet.commandapi.session.SessionFixture.LAPTOP;
import static dev.phishnet.commandapi.session.SessionFixture.OTHER_TENANT;
import static dev.phishnet.commandapi.session.SessionFixture.PHONE;
import static dev.phishnet.commandapi.session.SessionFixture.T0;
import static dev.phishnet.commandapi.session.SessionFixture.USER_ID;
import static dev.phishnet.commandapi.session.SessionFixture.expire;
import static dev.phishnet.commandapi.session.SessionFixture.logOut;
import static dev.phishnet.commandapi.session.SessionFixture.refreshed;
import static dev.phishnet.commandapi.session.SessionFixture.revoke;
import static dev.phishnet.commandapi.session.SessionFixture.revokeAll;
import static dev.phishnet.commandapi.session.SessionFixture.sid;
import static dev.phishnet.commandapi.session.SessionFixture.started;
import static dev.phishnet.commandapi.session.SessionScenario.given;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.session.SessionCommand.ChangeSecuritySettings;
import dev.phishnet.commandapi.session.SessionCommand.LogOut;
import dev.phishnet.commandapi.session.SessionCommand.RevokeAllSessions;
import dev.phishnet.commandapi.session.SessionCommand.RevokeSession;
import dev.phishnet.commandapi.session.SessionEvent.SessionExpired;
import dev.phishnet.commandapi.session.SessionEvent.SessionLoggedOut;
import dev.phishnet.commandapi.session.SessionEvent.SessionRevoked;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EndingSessionsTest {

    static final Instant STARTED = T0.minus(Duration.ofMinutes(10));

    @Nested
    class LoggingOutAndRevoking {

        @Test
        void loggingOutEndsTheSession() {
            var then = given(started(1, LAPTOP, STARTED)).when(logOut(1));

            then.thenExpect(new SessionLoggedOut(sid(1)));
            assertThat(then.after().active()).isEmpty();
            assertThat(then.after().hasEnded(sid(1))).isTrue();
        }

        @Test
        void endingAnEndedSessionAgainSucceedsWithoutASecondFact() {
            given(started(1, LAPTOP, STARTED), new SessionLoggedOut(sid(1))).when(logOut(1)).thenExpectNoEvents();
            given(started(1, LAPTOP, STARTED), new SessionLoggedOut(sid(1))).when(revoke(1)).thenExpectNoEvents();
        }

        @Test
        void anUnknownSessionIsNotFound() {
            given(started(1, LAPTOP, STARTED)).when(logOut(2)).thenReject(NOT_FOUND);
            given(started(1, LAPTOP, STARTED)).when(revoke(2)).thenReject(NOT_FOUND);
        }

        @Test
        void revokingEndsTheSessionAsRevoked() {
            given(started(1, LAPTOP, STARTED)).when(revoke(1))
                    .thenExpect(new SessionRevoked(sid(1), RevocationReason.REVOKED));
        }

        @Test
        void revokingAllEndsEveryActiveSessionWithTheReason() {
            var then = given(started(1, LAPTOP, STARTED), started(2, PHONE, STARTED), started(3, LAPTOP, STARTED),
                    new SessionLoggedOut(sid(2)))
                    .when(revokeAll(RevocationReason.USER_DEACTIVATED));

            then.thenExpect(new SessionRevoked(sid(1), RevocationReason.USER_DEACTIVATED),
                    new SessionRevoked(sid(3), RevocationReason.USER_DEACTIVATED));
            assertThat(then.after().active()).isEmpty();
        }

        @Test
        void revokingAllWithNoActiveSessionSucceeds() {
            given().when(revokeAll(RevocationReason.ALL_REVOKED)).thenExpectNoEvents();
        }

        @Test
        void aDeactivatedUsersSessionsCanStillBeEnded() {
            given(started(1, LAPTOP, STARTED)).user(Optional.of(INACTIVE_USER))
                    .when(revokeAll(RevocationReason.USER_DEACTIVATED))
                    .thenExpect(new SessionRevoked(sid(1), RevocationReason.USER_DEACTIVATED));
        }

        @Test
        void anUnknownUserIsNotFound() {
            given().user(Optional.empty()).when(revokeAll(RevocationReason.ALL_REVOKED)).thenReject(NOT_FOUND);
        }

        @Test
        void anotherTenantsCallerFindsNeitherTheUserNorTheirSessions() {
            given(started(1, LAPTOP, STARTED)).when(new LogOut(USER_ID, OTHER_TENANT, sid(1))).thenReject(NOT_FOUND);
            given(started(1, LAPTOP, STARTED)).when(new RevokeSession(USER_ID, OTHER_TENANT, sid(1)))
                    .thenReject(NOT_FOUND);
            given(started(1, LAPTOP, STARTED))
                    .when(new RevokeAllSessions(USER_ID, OTHER_TENANT, RevocationReason.ALL_REVOKED))
                    .thenReject(NOT_FOUND);
            given(started(1, LAPTOP, STARTED))
                    .when(new ChangeSecuritySettings(USER_ID, OTHER_TENANT, new SecuritySettings(1, null, null, null,
                            null)))
                    .thenReject(NOT_FOUND);
        }

        @Test
        void onlyTheLatestEndedSessionsAreRemembered() {
            UserSessions state = UserSessions.NONE;
            for (int i = 0; i <= UserSessions.ENDED_KEPT; i++) {
                state = SessionDecider.evolve(state, started(i, LAPTOP, STARTED));
                state = SessionDecider.evolve(state, new SessionLoggedOut(sid(i)));
            }

            assertThat(state.ended()).hasSize(UserSessions.ENDED_KEPT).extracting(EndedSession::id)
                    .doesNotContain(sid(0));
        }
    }

    @Nested
    class Expiring {

        @Test
        void aSessionIdleUntilItsDeadlineExpiresAtThatDeadline() {
            Instant idleDeadline = STARTED.plus(Duration.ofMinutes(30));

            given(started(1, LAPTOP, STARTED)).at(idleDeadline.plusSeconds(2)).when(expire(1, idleDeadline))
                    .thenExpect(new SessionExpired(sid(1), SessionDeadline.IDLE, idleDeadline));
        }

        @Test
        void aSessionRefreshedUntilItsAbsoluteDeadlineExpiresAsAbsolute() {
            Instant absolute = STARTED.plus(Duration.ofHours(24));

            given(started(1, LAPTOP, STARTED), refreshed(1, "r2", absolute.minusSeconds(60)))
                    .at(absolute).when(expire(1, absolute))
                    .thenExpect(new SessionExpired(sid(1), SessionDeadline.ABSOLUTE, absolute));
        }

        @Test
        void aSessionRefreshedSinceTheWorkerSawItsDeadlineIsNotExpired() {
            Instant staleDeadline = STARTED.plus(Duration.ofMinutes(30));

            given(started(1, LAPTOP, STARTED), refreshed(1, "r2", staleDeadline.minusSeconds(60)))
                    .at(staleDeadline).when(expire(1, staleDeadline)).thenReject(CONFLICT);
        }

        @Test
        void anEndedSessionIsNotExpiredAgain() {
            Instant deadline = STARTED.plus(Duration.ofMinutes(30));

            given(started(1, LAPTOP, STARTED), new SessionLoggedOut(sid(1))).at(deadline)
                    .when(expire(1, deadline)).thenReject(CONFLICT);
        }
    }

    @Nested
    class Purging {

        @Test
        void aPurgeForgetsTheSessionsThatEndedBeforeItsCutoffOrAtATimeNotKnown() {
            Instant cutoff = T0.minus(Duration.ofHours(24));
            UserSessions state = UserSessions.NONE;
            for (int i = 1; i <= 4; i++) {
                state = SessionDecider.evolve(state, started(i, LAPTOP, STARTED));
            }
            state = SessionDecider.evolve(state, new SessionLoggedOut(sid(1)), cutoff.minusSeconds(1));
            state = SessionDecider.evolve(state, new SessionLoggedOut(sid(2)), cutoff);
            state = SessionDecider.evolve(state, new SessionLoggedOut(sid(3)));

            var decision = SessionDecider.decide(state, Optional.of(SessionFixture.USER),
                    new SessionCommand.PurgeEndedSessions(SessionFixture.USER.id(), SessionFixture.USER.tenantId(),
                            cutoff, "run-1"), T0, SessionFixture.POLICY);

            assertThat(decision.events()).containsExactly(
                    new SessionEvent.SessionsPurged(List.of(sid(1), sid(3)), cutoff, "run-1"));
            UserSessions after = SessionDecider.evolve(state, decision.events());
            assertThat(after.ended()).extracting(EndedSession::id).containsExactly(sid(2));
            assertThat(after.activeSession(sid(4))).isPresent();
            assertThat(SessionDecider.decide(after, Optional.of(SessionFixture.USER),
                    new SessionCommand.PurgeEndedSessions(SessionFixture.USER.id(), SessionFixture.USER.tenantId(),
                            cutoff, "run-2"), T0, SessionFixture.POLICY).events()).isEmpty();
        }
    }
}
