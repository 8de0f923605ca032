package dev.phishnet.cleanup.session;

import static dev.phishnet.cleanup.testing.SessionEvents.TENANT;
import static dev.phishnet.cleanup.testing.SessionEvents.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.phishnet.cleanup.testing.SessionEvents;
import dev.phishnet.schemas.session.SessionEvent;
import org.junit.jupiter.api.Test;

class SessionDeadlinesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant IDLE = T0.plusSeconds(30 * 60);
    private static final Instant ABSOLUTE = T0.plusSeconds(24 * 3600);

    @Test
    void aStartedSessionIsDueAtItsIdleDeadline() {
        TrackedSession session = SessionDeadlines.evolve(null, SessionEvents.started("s1", IDLE, ABSOLUTE));

        assertThat(session).isEqualTo(new TrackedSession(USER, TENANT, IDLE, ABSOLUTE));
        assertThat(session.deadline()).isEqualTo(IDLE);
    }

    @Test
    void aRefreshMovesTheDeadlineToTheNewIdleDeadline() {
        TrackedSession started = SessionDeadlines.evolve(null, SessionEvents.started("s1", IDLE, ABSOLUTE));

        TrackedSession refreshed = SessionDeadlines.evolve(started,
                SessionEvents.refreshed("s1", IDLE.plusSeconds(600)));

        assertThat(refreshed.deadline()).isEqualTo(IDLE.plusSeconds(600));
    }

    @Test
    void theAbsoluteDeadlineCapsEveryRefresh() {
        TrackedSession started = SessionDeadlines.evolve(null, SessionEvents.started("s1", IDLE, ABSOLUTE));

        TrackedSession refreshed = SessionDeadlines.evolve(started,
                SessionEvents.refreshed("s1", ABSOLUTE.plusSeconds(1800)));

        assertThat(refreshed.deadline()).isEqualTo(ABSOLUTE);
    }

    @Test
    void aLogoutRevocationEvictionOrExpiryEndsTheSession() {
        TrackedSession live = new TrackedSession(USER, TENANT, IDLE, ABSOLUTE);

        for (SessionEvent end : List.of(SessionEvents.loggedOut("s1"), SessionEvents.revoked("s1"),
                SessionEvents.evicted("s1"), SessionEvents.expired("s1", IDLE))) {
            assertThat(SessionDeadlines.sessionId(end)).contains("s1");
            assertThat(SessionDeadlines.evolve(live, end)).isNull();
        }
    }

    @Test
    void aRefreshOfASessionNeverSeenStartedTracksNothing() {
        assertThat(SessionDeadlines.evolve(null, SessionEvents.refreshed("s1", IDLE))).isNull();
    }

    @Test
    void factsThatTouchNoDeadlineConcernNoSession() {
        assertThat(SessionDeadlines.sessionId(SessionEvents.loginFailed())).isEmpty();
        assertThat(SessionDeadlines.sessionId(SessionEvents.addressLockedOut(IDLE))).isEmpty();
    }
}
