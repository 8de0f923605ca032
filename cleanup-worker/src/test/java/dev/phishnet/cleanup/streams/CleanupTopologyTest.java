package dev.phishnet.cleanup.streams;

import static dev.phishnet.cleanup.testing.SessionEvents.TENANT;
import static dev.phishnet.cleanup.testing.SessionEvents.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import dev.phishnet.cleanup.testing.SessionEvents;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.session.ExpireSession;
import dev.phishnet.schemas.session.SessionEvent;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session expiry on a driven wall clock: time moves only when a test moves it, one check interval at a time. */
class CleanupTopologyTest {

    private static final String REGISTRY = "mock://cleanup-topology-test";
    private static final Duration CHECK = Duration.ofMillis(200);
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant IDLE = T0.plusSeconds(5);
    private static final Instant ABSOLUTE = T0.plusSeconds(60);
    private static final CleanupSerdes SERDES = CleanupSerdes.avro(
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY));

    @TempDir
    Path stateDir;

    private final List<Duration> lateness = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestInputTopic<String, SessionEvent> sessionEvents;
    private TestOutputTopic<String, CommandEnvelope> commands;
    private Instant now = T0;

    @BeforeEach
    void startDriver() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "cleanup-topology-test");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        CleanupTopology.Settings settings = new CleanupTopology.Settings("session-events", "analysis-events",
                "threat-intel-events", "audit-events", "commands", CHECK, RetentionTopologyTest.RETENTION);
        // Retention's clock stands at the epoch: nothing here is old enough for it, so it sends nothing.
        driver = new TopologyTestDriver(CleanupTopology.build(settings, SERDES,
                (dueAt, sentAt) -> lateness.add(Duration.between(dueAt, sentAt)), RetentionListener.NONE,
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)), config, T0);
        sessionEvents = driver.createInputTopic("session-events", new StringSerializer(),
                SERDES.sessionEvents().serializer());
        commands = driver.createOutputTopic("commands", new StringDeserializer(), SERDES.commands().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aSessionExpiresAtItsIdleDeadlineAndNotBefore() {
        send(SessionEvents.started("s1", IDLE, ABSOLUTE));

        runUntil(IDLE.minusMillis(1));
        assertThat(commands.isEmpty()).isTrue();

        runUntil(IDLE.plus(CHECK));
        List<TestRecord<String, CommandEnvelope>> sent = commands.readRecordsToList();
        assertThat(sent).hasSize(1);
        TestRecord<String, CommandEnvelope> expiry = sent.get(0);
        assertThat(expiry.key()).isEqualTo("user:" + USER);
        assertThat(expiry.value().getPayload()).isEqualTo(new ExpireSession("s1", IDLE));
        assertThat(expiry.value().getAggregateId()).isEqualTo(USER);
        assertThat(expiry.value().getTenantId()).isEqualTo(TENANT);
        assertThat(expiry.value().getActor().getKind()).isEqualTo(ActorKind.SYSTEM);
        assertThat(expiry.value().getIssuedAt()).isBetween(IDLE, IDLE.plus(CHECK));
    }

    @Test
    void aDueSessionIsSentOnceWhileItsExpiryIsUnderway() {
        send(SessionEvents.started("s1", IDLE, ABSOLUTE));

        runUntil(IDLE.plusSeconds(10));

        assertThat(commands.readValuesToList()).hasSize(1);
    }

    @Test
    void aRefreshMovesTheDeadline() {
        Instant refreshedIdle = IDLE.plusSeconds(5);
        send(SessionEvents.started("s1", IDLE, ABSOLUTE));
        runUntil(T0.plusSeconds(2));
        send(SessionEvents.refreshed("s1", refreshedIdle));

        runUntil(refreshedIdle.minusMillis(1));
        assertThat(commands.isEmpty()).isTrue();

        runUntil(refreshedIdle.plus(CHECK));
        assertThat(expired()).containsExactly(new ExpireSession("s1", refreshedIdle));
    }

    @Test
    void theAbsoluteDeadlineCapsRefreshes() {
        Instant absolute = T0.plusSeconds(8);
        send(SessionEvents.started("s1", IDLE, absolute));
        runUntil(T0.plusSeconds(4));
        send(SessionEvents.refreshed("s1", T0.plusSeconds(9)));

        runUntil(absolute.minusMillis(1));
        assertThat(commands.isEmpty()).isTrue();

        runUntil(absolute.plus(CHECK));
        assertThat(expired()).containsExactly(new ExpireSession("s1", absolute));
    }

    @Test
    void aRefreshDecidedBeforeTheExpiryPutsTheSessionBackAtItsNewDeadline() {
        send(SessionEvents.started("s1", IDLE, ABSOLUTE));
        runUntil(IDLE.plus(CHECK));
        assertThat(expired()).containsExactly(new ExpireSession("s1", IDLE));

        // The processor refused the expiry: it had refreshed the session first.
        Instant refreshedIdle = IDLE.plusSeconds(5);
        send(SessionEvents.refreshed("s1", refreshedIdle));
        runUntil(refreshedIdle.plus(CHECK));

        assertThat(expired()).containsExactly(new ExpireSession("s1", refreshedIdle));
    }

    @Test
    void anEndedSessionIsNeverExpired() {
        send(SessionEvents.started("logged-out", IDLE, ABSOLUTE));
        send(SessionEvents.started("revoked", IDLE, ABSOLUTE));
        send(SessionEvents.started("evicted", IDLE, ABSOLUTE));
        send(SessionEvents.started("expired", IDLE.minusSeconds(1), ABSOLUTE));
        runUntil(T0.plusSeconds(1));
        send(SessionEvents.loggedOut("logged-out"));
        send(SessionEvents.revoked("revoked"));
        send(SessionEvents.evicted("evicted"));
        send(SessionEvents.expired("expired", IDLE.minusSeconds(1)));

        runUntil(ABSOLUTE.plusSeconds(1));

        assertThat(commands.isEmpty()).isTrue();
        assertThat(trackedSessions()).isEmpty();
    }

    @Test
    void theSessionExpiredThatFollowsTheCommandForgetsTheSession() {
        send(SessionEvents.started("s1", IDLE, ABSOLUTE));
        runUntil(IDLE.plus(CHECK));
        assertThat(expired()).hasSize(1);

        send(SessionEvents.expired("s1", IDLE));

        assertThat(trackedSessions()).isEmpty();
    }

    @Test
    void manySessionsExpireInDeadlineOrder() {
        // Started in an order unlike their deadlines: 7, 3, 10, 0, ... seconds after T0 plus 100 ms each.
        List<Integer> order = IntStream.range(0, 12).map(i -> (i * 7) % 12).boxed().toList();
        for (int i : order) {
            send(SessionEvents.started("s" + i, T0.plusMillis(1_000 + i * 100L), ABSOLUTE));
        }

        // Two checks: the first finds the sessions due by then, the second the rest.
        runUntil(T0.plusMillis(1_600));
        runUntil(T0.plusMillis(2_200));

        assertThat(expired()).extracting(ExpireSession::getSessionId)
                .containsExactly(IntStream.range(0, 12).mapToObj(i -> "s" + i).toArray(String[]::new));
    }

    @Test
    void latenessIsBoundedByTheCheckInterval() {
        for (int i = 0; i < 50; i++) {
            send(SessionEvents.started("s" + i, T0.plusMillis(500 + i * 37L), ABSOLUTE));
        }

        runUntil(T0.plusSeconds(3));

        assertThat(commands.readValuesToList()).hasSize(50);
        assertThat(lateness).hasSize(50).allSatisfy(late ->
                assertThat(late).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(CHECK));
    }

    @Test
    void recordsKeyedByAnAddressAndFactsThatMoveNoDeadlineAreIgnored() {
        sessionEvents.pipeInput("ip:" + SessionEvents.ADDRESS, SessionEvents.started("s1", IDLE, ABSOLUTE), now);
        sessionEvents.pipeInput("ip:" + SessionEvents.ADDRESS, SessionEvents.addressLockedOut(IDLE), now);
        send(SessionEvents.loginFailed());

        runUntil(ABSOLUTE.plusSeconds(1));

        assertThat(commands.isEmpty()).isTrue();
        assertThat(trackedSessions()).isEmpty();
    }

    private void send(SessionEvent event) {
        sessionEvents.pipeInput(event.getEnvelope().getAggregateId(), event, now);
    }

    /** Moves the wall clock to {@code until} one check interval at a time, as it passes for a running worker. */
    private void runUntil(Instant until) {
        while (now.isBefore(until)) {
            Duration step = Duration.between(now, until).compareTo(CHECK) < 0 ? Duration.between(now, until) : CHECK;
            driver.advanceWallClockTime(step);
            now = now.plus(step);
        }
    }

    private List<ExpireSession> expired() {
        return commands.readValuesToList().stream().map(command -> (ExpireSession) command.getPayload()).toList();
    }

    private List<String> trackedSessions() {
        KeyValueStore<String, Object> sessions = driver.getKeyValueStore(CleanupTopology.SESSIONS_STORE);
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, Object> all = sessions.all()) {
            all.forEachRemaining((KeyValue<String, Object> row) -> ids.add(row.key));
        }
        return ids;
    }
}
