package dev.phishnet.commandapi.follow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.session.AddressLockedOut;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionDeadline;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.UserLockedOut;
import org.junit.jupiter.api.Test;

class SessionStatusTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final List<Duration> propagations = new ArrayList<>();
    private final SessionStatus status = new SessionStatus(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(30),
            propagations::add);

    @Test
    void everyWayASessionEndsMakesItEnded() {
        status.apply("u-1", event("u-1", new SessionLoggedOut("s-1")));
        status.apply("u-1", event("u-1", new SessionRevoked("s-2", RevocationReason.USER_DEACTIVATED)));
        status.apply("u-1", event("u-1", new SessionEvicted("s-3", "s-9")));
        status.apply("u-1", event("u-1", new SessionExpired("s-4", SessionDeadline.IDLE, NOW)));

        assertThat(List.of("s-1", "s-2", "s-3", "s-4")).allMatch(status::isEnded);
        assertThat(status.isEnded("s-9")).isFalse();
        assertThat(status.isEnded(null)).isFalse();
        assertThat(propagations).hasSize(4).allMatch(took -> took.equals(Duration.ofMillis(250)));
    }

    @Test
    void locksHoldUntilTheirEnd() {
        status.apply("u-1", event("u-1", new UserLockedOut(NOW.plusSeconds(60), 1, 5)));
        status.apply("ip:203.0.113.9", event("ip:203.0.113.9",
                new AddressLockedOut("203.0.113.9", NOW.minusSeconds(1), 1, 5)));

        assertThat(status.userLockedUntil("u-1")).contains(NOW.plusSeconds(60));
        assertThat(status.userLockedUntil("u-2")).isEmpty();
        assertThat(status.addressLockedUntil("203.0.113.9")).as("a lock that is over").isEmpty();
    }

    private static SessionEvent event(String aggregateId, Object payload) {
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId("e").setAggregateId(aggregateId).setAggregateVersion(1).setTenantId("t")
                .setOccurredAt(NOW.minusMillis(250)).setCorrelationId("c")
                .setActor(new Actor("x", ActorKind.SYSTEM, null, null)).build();
        return new SessionEvent(envelope, payload);
    }
}
