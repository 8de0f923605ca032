package dev.phishnet.projector.session;

import static dev.phishnet.projector.testing.Events.REFRESH_TOKEN_HASH;
import static dev.phishnet.projector.testing.Events.SESSION;
import static dev.phishnet.projector.testing.Events.START_IP;
import static dev.phishnet.projector.testing.Events.T0;
import static dev.phishnet.projector.testing.Events.newDeviceLoginDetected;
import static dev.phishnet.projector.testing.Events.refreshTokenReused;
import static dev.phishnet.projector.testing.Events.sessionEvicted;
import static dev.phishnet.projector.testing.Events.sessionExpired;
import static dev.phishnet.projector.testing.Events.sessionLoggedOut;
import static dev.phishnet.projector.testing.Events.sessionRefreshed;
import static dev.phishnet.projector.testing.Events.sessionRevoked;
import static dev.phishnet.projector.testing.Events.sessionStarted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SessionDeadline;
import dev.phishnet.schemas.session.SessionEvent;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SessionViewTest {

    @Test
    void aStartMakesAnActiveSessionSeenAtItsStartWithItsClientAndDeadlines() {
        SessionView view = project(sessionStarted(SESSION, 1));

        assertThat(view.id()).isEqualTo(SESSION);
        assertThat(view.userId()).isEqualTo(Events.USER);
        assertThat(view.tenantId()).isEqualTo("tenant-a");
        assertThat(view.status()).isEqualTo(SessionStatus.ACTIVE);
        assertThat(view.end()).isNull();
        assertThat(view.method()).isEqualTo("PASSWORD");
        assertThat(view.client()).isEqualTo(new SessionClient(START_IP,
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "Linux", "Firefox", "Desktop"));
        assertThat(view.lastIp()).isEqualTo(START_IP);
        assertThat(view.newDevice()).isTrue();
        assertThat(view.riskScore()).isEqualTo(30);
        assertThat(view.riskReasons()).containsExactly("NEW_DEVICE");
        assertThat(view.createdAt()).isEqualTo(view.lastSeenAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(view.idleExpiresAt()).isEqualTo(T0.plusSeconds(1).plus(Events.IDLE_TIMEOUT));
        assertThat(view.absoluteExpiresAt()).isEqualTo(T0.plusSeconds(1).plus(Events.ABSOLUTE_TIMEOUT));
        assertThat(view.refreshCount()).isZero();
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.toString()).doesNotContain(REFRESH_TOKEN_HASH);
    }

    @Test
    void aRefreshMovesLastSeenAndTheIdleDeadlineAndKeepsTheStartAddress() {
        SessionView view = project(sessionStarted(SESSION, 1), sessionRefreshed(SESSION, 4, "198.51.100.9"));

        assertThat(view.lastSeenAt()).isEqualTo(T0.plusSeconds(4));
        assertThat(view.idleExpiresAt()).isEqualTo(T0.plusSeconds(4).plus(Events.IDLE_TIMEOUT));
        assertThat(view.absoluteExpiresAt()).isEqualTo(T0.plusSeconds(1).plus(Events.ABSOLUTE_TIMEOUT));
        assertThat(view.client().ip()).isEqualTo(START_IP);
        assertThat(view.lastIp()).isEqualTo("198.51.100.9");
        assertThat(view.refreshCount()).isEqualTo(1);
        assertThat(view.createdAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(view.version()).isEqualTo(4);
    }

    @Test
    void eachEndingFactEndsTheSessionWithItsReasonAtItsTime() {
        assertEnded(sessionLoggedOut(SESSION, 2), EndReason.LOGGED_OUT);
        assertEnded(sessionRevoked(SESSION, 2, RevocationReason.REVOKED), EndReason.REVOKED);
        assertEnded(sessionRevoked(SESSION, 2, RevocationReason.ALL_REVOKED), EndReason.ALL_REVOKED);
        assertEnded(sessionRevoked(SESSION, 2, RevocationReason.USER_DEACTIVATED), EndReason.USER_DEACTIVATED);
        assertEnded(sessionRevoked(SESSION, 2, RevocationReason.REFRESH_TOKEN_REUSED),
                EndReason.REFRESH_TOKEN_REUSED);
        assertEnded(sessionExpired(SESSION, 2, SessionDeadline.IDLE), EndReason.EXPIRED_IDLE);
        assertEnded(sessionExpired(SESSION, 2, SessionDeadline.ABSOLUTE), EndReason.EXPIRED_ABSOLUTE);
        assertEnded(sessionEvicted(SESSION, 2, "session-2"), EndReason.EVICTED);
    }

    @Test
    void anEvictionNamesTheSessionThatEvictedIt() {
        SessionView view = project(sessionStarted(SESSION, 1), sessionEvicted(SESSION, 3, "session-2"));

        assertThat(view.end()).isEqualTo(new SessionEnd(EndReason.EVICTED, T0.plusSeconds(3), "session-2"));
    }

    @Test
    void theFirstEndStaysAndALaterRefreshChangesNothingButTheVersion() {
        SessionView view = project(sessionStarted(SESSION, 1), sessionLoggedOut(SESSION, 2),
                sessionRevoked(SESSION, 3, RevocationReason.ALL_REVOKED), sessionRefreshed(SESSION, 4, "198.51.100.9"));

        assertThat(view.end()).isEqualTo(new SessionEnd(EndReason.LOGGED_OUT, T0.plusSeconds(2), null));
        assertThat(view.lastIp()).isEqualTo(START_IP);
        assertThat(view.refreshCount()).isZero();
        assertThat(view.version()).isEqualTo(4);
    }

    @Test
    void aReusedRefreshTokenIsRecordedAndTheRevocationAfterItEndsTheSession() {
        SessionView view = project(sessionStarted(SESSION, 1), refreshTokenReused(SESSION, 2),
                sessionRevoked(SESSION, 3, RevocationReason.REFRESH_TOKEN_REUSED));

        assertThat(view.reuseDetectedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(view.end().reason()).isEqualTo(EndReason.REFRESH_TOKEN_REUSED);
    }

    @Test
    void aNewDeviceAlertMarksTheSessionAlerted() {
        assertThat(project(sessionStarted(SESSION, 1)).alerted()).isFalse();
        assertThat(project(sessionStarted(SESSION, 1), newDeviceLoginDetected(SESSION, 2)).alerted()).isTrue();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        SessionView once = project(sessionStarted(SESSION, 1), sessionRefreshed(SESSION, 2, "198.51.100.9"));

        assertThat(project(sessionStarted(SESSION, 1), sessionRefreshed(SESSION, 2, "198.51.100.9"),
                sessionStarted(SESSION, 1), sessionRefreshed(SESSION, 2, "198.51.100.9"))).isEqualTo(once);
    }

    @Test
    void anEventOfAnotherSessionChangesNothing() {
        SessionView view = project(sessionStarted(SESSION, 1));

        assertThat(view.apply(sessionLoggedOut("session-2", 2))).isEqualTo(view);
    }

    @Test
    void factsAboutTheUserOrAnAddressNameNoSession() {
        assertThat(SessionView.sessionIdOf(Events.loginFailed(2))).isNull();
        assertThat(SessionView.sessionIdOf(Events.securitySettingsChanged(2, 3))).isNull();
        assertThat(SessionView.sessionIdOf(Events.addressLockedOut("198.51.100.66"))).isNull();
        assertThat(SessionView.sessionIdOf(sessionEvicted(SESSION, 2, "session-2"))).isEqualTo(SESSION);
    }

    @Test
    void anEventWithoutAStartBeforeItBuildsNoView() {
        assertThat(SessionView.project(null, sessionRevoked(SESSION, 2, RevocationReason.REVOKED))).isNull();
    }

    @Test
    void theDocumentHasTheApiNamesNoHashAndMapsBackToTheView() {
        SessionView view = project(sessionStarted(SESSION, 1), sessionRefreshed(SESSION, 2, "198.51.100.9"),
                sessionEvicted(SESSION, 5, "session-2"));

        Document document = SessionDocuments.toDocument(view);

        assertThat(document.keySet()).containsExactly("_id", "userId", "tenantId", "status", "endReason", "method",
                "ip", "lastIp", "userAgent", "os", "browser", "deviceType", "device", "newDevice", "riskScore",
                "riskReasons", "createdAt", "lastSeenAt", "refreshCount", "idleExpiresAt", "absoluteExpiresAt",
                "endedAt", "evictedBy", "reuseDetectedAt", "alerted", "version");
        assertThat(document.getString("status")).isEqualTo("ENDED");
        assertThat(document.getString("endReason")).isEqualTo("EVICTED");
        assertThat(document.getString("evictedBy")).isEqualTo("session-2");
        assertThat(document.get("version")).isEqualTo(5L);
        assertThat(document.toJson()).doesNotContain("hmac", "Hash");
        assertThat(SessionDocuments.fromDocument(document)).isEqualTo(view);
    }

    @Test
    void theStoreSerdeRoundTripsAnActiveView() {
        SessionView view = project(sessionStarted(SESSION, 1));
        var serde = SessionViewSerde.create();

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", view))).isEqualTo(view);
    }

    private static void assertEnded(SessionEvent ending, EndReason reason) {
        SessionView view = project(sessionStarted(SESSION, 1), ending);

        assertThat(view.status()).isEqualTo(SessionStatus.ENDED);
        assertThat(view.end()).isEqualTo(new SessionEnd(reason, T0.plusSeconds(2),
                reason == EndReason.EVICTED ? "session-2" : null));
        assertThat(view.version()).isEqualTo(2);
    }

    private static SessionView project(SessionEvent... events) {
        @Nullable SessionView view = null;
        for (SessionEvent event : events) {
            view = SessionView.project(view, event);
        }
        assertThat(view).isNotNull();
        return view;
    }
}
