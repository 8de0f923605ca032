package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.processor.Commands.deactivate;
import static dev.phishnet.commandapi.processor.Commands.newUserId;
import static dev.phishnet.commandapi.processor.Commands.register;
import static dev.phishnet.commandapi.processor.SessionCommandEnvelopes.expire;
import static dev.phishnet.commandapi.processor.SessionCommandEnvelopes.issueCode;
import static dev.phishnet.commandapi.processor.SessionCommandEnvelopes.refresh;
import static dev.phishnet.commandapi.processor.SessionCommandEnvelopes.startSession;
import static dev.phishnet.commandapi.processor.SessionCommandEnvelopes.startWithCode;
import static dev.phishnet.commandapi.processor.SessionCommandEnvelopes.unknownAccount;
import static dev.phishnet.commandapi.processor.SessionCommandEnvelopes.wrongPassword;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.phishnet.commandapi.session.SessionFixture;
import dev.phishnet.commandapi.session.UserSessions;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.registry.MockSchemaRegistry;
import dev.phishnet.schemas.session.AddressLockedOut;
import dev.phishnet.schemas.session.LoginFailed;
import dev.phishnet.schemas.session.LoginFailure;
import dev.phishnet.schemas.session.OneTimeCodeIssued;
import dev.phishnet.schemas.session.RecordFailedLoginFromAddress;
import dev.phishnet.schemas.session.RefreshTokenReused;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SessionDeadline;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionRefreshed;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.SessionStarted;
import dev.phishnet.schemas.session.UserLockedOut;
import dev.phishnet.schemas.user.UserDeactivated;
import dev.phishnet.schemas.user.UserEvent;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sessions and address stages through the topics, as the API and the cleanup worker drive them: the platform
 * defaults (5 sessions, 30 min idle, 24 h absolute, lock after 5 failures in 15 min for 1 min doubling to 15 min,
 * codes valid 5 min, 5 attempts, 3 per 15 min) on a clock the test moves.
 */
class SessionTopologyTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final String ACME = "acme";
    static final String IP = "203.0.113.7";

    final String registryScope = "sessions-" + UUID.randomUUID();
    final MutableClock clock = new MutableClock(START);
    TopologyTestDriver driver;
    TestInputTopic<String, CommandEnvelope> commands;
    TestOutputTopic<String, CommandEnvelope> forwarded;
    TestOutputTopic<String, UserEvent> userEvents;
    TestOutputTopic<String, SessionEvent> sessionEvents;
    TestOutputTopic<String, AuditEvent> auditEvents;
    TestOutputTopic<String, CommandOutcome> replies;
    String userId;

    @BeforeEach
    void startDriver() {
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + registryScope);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "sessions-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        CommandProcessorSerdes serdes = CommandProcessorSerdes.avro(serdeConfig);
        driver = new TopologyTestDriver(CommandProcessorTopology.build(CommandProcessorTopologyTest.TOPICS, serdes,
                clock, Duration.ofHours(24), SessionFixture.POLICY), config, START);
        StringDeserializer keys = new StringDeserializer();
        commands = driver.createInputTopic("commands", new StringSerializer(), serdes.commands().serializer());
        forwarded = driver.createOutputTopic("commands", keys, serdes.commands().deserializer());
        userEvents = driver.createOutputTopic("user-events", keys, serdes.userEvents().deserializer());
        sessionEvents = driver.createOutputTopic("session-events", keys, serdes.sessionEvents().deserializer());
        auditEvents = driver.createOutputTopic("audit-events", keys, serdes.auditEvents().deserializer());
        replies = driver.createOutputTopic("command-replies", keys, serdes.replies().deserializer());
        userId = registered("ada@example.com");
    }

    @AfterEach
    void closeDriver() {
        driver.close();
        MockSchemaRegistry.drop(registryScope);
    }

    @Test
    void aSignInStartsASessionAnsweredWithTheTenantAndRolesForTheTokens() {
        CommandEnvelope login = startSession(userId, ACME, "s-1", IP);

        send(login);

        SessionEvent event = sessionEvents.readValue();
        assertThat(sessionEvents.isEmpty()).isTrue();
        assertThat(event.getEnvelope().getAggregateId()).isEqualTo(userId);
        assertThat(event.getEnvelope().getAggregateVersion()).isEqualTo(1L);
        assertThat(event.getEnvelope().getTenantId()).isEqualTo(ACME);
        assertThat(event.getEnvelope().getCorrelationId()).isEqualTo(login.getCorrelationId());
        assertThat(event.getPayload()).isInstanceOfSatisfying(SessionStarted.class, started -> {
            assertThat(started.getSessionId()).isEqualTo("s-1");
            assertThat(started.getRefreshTokenHash()).isEqualTo("hash-of-refresh-s-1");
            assertThat(started.getIdleExpiresAt()).isEqualTo(START.plus(Duration.ofMinutes(30)));
            assertThat(started.getAbsoluteExpiresAt()).isEqualTo(START.plus(Duration.ofHours(24)));
        });
        CommandOutcome reply = onlyReplyTo(login);
        assertThat(reply.getAccepted()).isTrue();
        assertThat(reply.getAggregateVersion()).isEqualTo(1L);
        assertThat(reply.getDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("tenant", ACME, "roles", "USER"));
        AuditEvent audit = onlyAudit();
        assertThat(audit.getAction()).isEqualTo("auth.login");
        assertThat(audit.getOutcome()).isEqualTo(AuditOutcome.ACCEPTED);
        assertThat(audit.getResourceType()).isEqualTo("user");
        assertThat(audit.getResourceId()).isEqualTo(userId);
        assertThat(audit.getDetails()).containsEntry("sessionId", "s-1").containsEntry("ip", IP)
                .containsEntry("method", "PASSWORD").containsEntry("riskScore", "0")
                .allSatisfy((key, value) -> assertThat(value).doesNotContain("hash-of"));
    }

    @Test
    void theSixthSignInEvictsTheFirstSession() {
        for (int i = 1; i <= 5; i++) {
            send(startSession(userId, ACME, "s-" + i, IP));
            clock.advance(Duration.ofSeconds(1));
        }
        drain();
        CommandEnvelope sixth = startSession(userId, ACME, "s-6", IP);

        send(sixth);

        List<SessionEvent> events = sessionEvents.readValuesToList();
        assertThat(events).extracting(SessionEvent::getPayload).hasSize(2).first()
                .isEqualTo(new SessionEvicted("s-1", "s-6"));
        assertThat(events).extracting(event -> event.getEnvelope().getAggregateVersion()).containsExactly(6L, 7L);
        assertThat(onlyReplyTo(sixth).getAccepted()).isTrue();
        assertThat(onlyAudit().getDetails()).containsEntry("evictedSessions", "s-1");
    }

    @Test
    void twentySignInsAgainstALimitOfFiveLeaveExactlyFiveActive() {
        for (int i = 1; i <= 20; i++) {
            send(startSession(userId, ACME, "s-" + i, IP));
        }

        List<Object> payloads = sessionEvents.readValuesToList().stream().map(SessionEvent::getPayload).toList();
        assertThat(payloads).filteredOn(SessionStarted.class::isInstance).hasSize(20);
        assertThat(payloads).filteredOn(SessionEvicted.class::isInstance).hasSize(15);
        KeyValueStore<String, UserSessions> store = driver.getKeyValueStore(CommandProcessorTopology.SESSIONS_STORE);
        assertThat(store.get(userId).active()).extracting(session -> session.id().value())
                .containsExactly("s-16", "s-17", "s-18", "s-19", "s-20");
    }

    @Test
    void fiveWrongPasswordsLockTheUserAndTheNextLockIsTwiceAsLong() {
        CommandOutcome fifth = null;
        for (int i = 1; i <= 5; i++) {
            CommandEnvelope wrong = wrongPassword(userId, ACME, IP);
            send(wrong);
            fifth = onlyReplyTo(wrong);
            assertThat(fifth.getRejection().getCode()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(fifth.getRejection().getRetryAfterSeconds()).isEqualTo(60L);
        assertThat(payloads()).filteredOn(UserLockedOut.class::isInstance).singleElement()
                .isEqualTo(new UserLockedOut(START.plusSeconds(60), 1, 5));
        assertThat(auditEvents.readValuesToList()).as("the same five failures locked their address too")
                .extracting(AuditEvent::getAction).containsOnly("auth.login", "auth.address.lockout")
                .filteredOn("auth.address.lockout"::equals).hasSize(1);
        drain();

        clock.advance(Duration.ofSeconds(20));
        CommandEnvelope whileLocked = startSession(userId, ACME, "s-1", IP);
        send(whileLocked);
        CommandOutcome locked = onlyReplyTo(whileLocked);
        assertThat(locked.getRejection().getCode()).isEqualTo("LOCKED");
        assertThat(locked.getRejection().getRetryAfterSeconds()).isEqualTo(40L);
        assertThat(payloads()).singleElement().isInstanceOfSatisfying(LoginFailed.class,
                failed -> assertThat(failed.getReason()).isEqualTo(LoginFailure.LOCKED));
        assertThat(onlyAudit().getDetails()).containsEntry("locked", "true")
                .containsEntry("lockedUntil", START.plusSeconds(60).toString());

        clock.advance(Duration.ofSeconds(40));
        for (int i = 1; i <= 5; i++) {
            send(wrongPassword(userId, ACME, IP));
        }
        assertThat(replies.readValuesToList()).last().extracting(reply -> reply.getRejection().getRetryAfterSeconds())
                .isEqualTo(120L);
    }

    @Test
    void aOneTimeCodeSignsInOnceAndWrongCodesAreCounted() {
        CommandEnvelope issue = issueCode(userId, ACME, "hash-of-123456");
        send(issue);
        assertThat(onlyReplyTo(issue).getAccepted()).isTrue();
        assertThat(payloads()).singleElement().isInstanceOfSatisfying(OneTimeCodeIssued.class,
                issued -> assertThat(issued.getExpiresAt()).isEqualTo(START.plus(Duration.ofMinutes(5))));
        assertThat(onlyAudit().getAction()).isEqualTo("auth.otp.issue");

        CommandEnvelope wrong = startWithCode(userId, ACME, "s-1", "hash-of-000000");
        send(wrong);
        assertThat(onlyReplyTo(wrong).getRejection().getCode()).isEqualTo("UNAUTHORIZED");
        assertThat(payloads()).singleElement().isInstanceOfSatisfying(LoginFailed.class,
                failed -> assertThat(failed.getReason()).isEqualTo(LoginFailure.BAD_CODE));
        assertThat(forwarded.readKeyValuesToList()).as("a wrong code counts against the address too")
                .extracting(hop -> hop.key).containsExactly("ip:" + IP);

        CommandEnvelope right = startWithCode(userId, ACME, "s-2", "hash-of-123456");
        send(right);
        assertThat(onlyReplyTo(right).getAccepted()).isTrue();

        CommandEnvelope again = startWithCode(userId, ACME, "s-3", "hash-of-123456");
        send(again);
        assertThat(onlyReplyTo(again).getAccepted()).isFalse();
        assertThat(payloads()).last().isInstanceOfSatisfying(LoginFailed.class,
                failed -> assertThat(failed.getReason()).isEqualTo(LoginFailure.NO_ACTIVE_CODE));
    }

    @Test
    void theFourthCodeWithinTheWindowIsRateLimited() {
        for (int i = 1; i <= 3; i++) {
            send(issueCode(userId, ACME, "hash-of-code-" + i));
        }
        drain();
        CommandEnvelope fourth = issueCode(userId, ACME, "hash-of-code-4");

        send(fourth);

        assertThat(onlyReplyTo(fourth).getRejection().getCode()).isEqualTo("RATE_LIMITED");
        assertThat(sessionEvents.isEmpty()).isTrue();
        assertThat(onlyAudit().getReason()).startsWith("RATE_LIMITED");
    }

    @Test
    void refreshRotatesTheTokenAndAReplayOfTheOldOneRevokesTheSession() {
        send(startSession(userId, ACME, "s-1", IP));
        drain();
        clock.advance(Duration.ofMinutes(10));

        CommandEnvelope rotate = refresh(userId, ACME, "s-1", "hash-of-refresh-s-1", "hash-of-refresh-s-1b");
        send(rotate);
        assertThat(onlyReplyTo(rotate).getAccepted()).isTrue();
        assertThat(payloads()).singleElement().isInstanceOfSatisfying(SessionRefreshed.class, refreshed ->
                assertThat(refreshed.getIdleExpiresAt()).isEqualTo(START.plus(Duration.ofMinutes(40))));
        assertThat(onlyAudit().getAction()).isEqualTo("auth.refresh");

        CommandEnvelope replay = refresh(userId, ACME, "s-1", "hash-of-refresh-s-1", "hash-of-refresh-s-1c");
        send(replay);
        assertThat(onlyReplyTo(replay).getRejection().getCode()).isEqualTo("REFRESH_TOKEN_REUSED");
        List<Object> reuse = payloads();
        assertThat(reuse).hasSize(2).first().isInstanceOf(RefreshTokenReused.class);
        assertThat(reuse).last().isEqualTo(new SessionRevoked("s-1", RevocationReason.REFRESH_TOKEN_REUSED));
        assertThat(onlyAudit().getDetails()).containsEntry("reuseDetected", "true")
                .containsEntry("revokedSessions", "s-1");

        CommandEnvelope thief = refresh(userId, ACME, "s-1", "hash-of-refresh-s-1b", "hash-of-refresh-s-1d");
        send(thief);
        assertThat(onlyReplyTo(thief).getRejection().getCode()).as("the session is gone for both holders")
                .isEqualTo("UNAUTHORIZED");
    }

    @Test
    void deactivatingAUserRevokesEverySessionInTheSameStepAndAnswersTheCallerOnce() {
        send(startSession(userId, ACME, "s-1", IP));
        send(startSession(userId, ACME, "s-2", IP));
        drain();
        CommandEnvelope deactivation = deactivate(userId, ACME);

        send(deactivation);

        assertThat(userEvents.readValuesToList()).extracting(UserEvent::getPayload).singleElement()
                .isInstanceOf(UserDeactivated.class);
        assertThat(sessionEvents.readValuesToList()).extracting(SessionEvent::getPayload).containsExactly(
                new SessionRevoked("s-1", RevocationReason.USER_DEACTIVATED),
                new SessionRevoked("s-2", RevocationReason.USER_DEACTIVATED));
        assertThat(onlyReplyTo(deactivation).getAccepted()).isTrue();
        List<AuditEvent> audits = auditEvents.readValuesToList();
        assertThat(audits).extracting(AuditEvent::getAction).containsExactly("user.deactivate", "session.revoke-all");
        assertThat(audits.get(1).getDetails()).containsEntry("reason", "USER_DEACTIVATED")
                .containsEntry("revokedSessions", "s-1,s-2");

        CommandEnvelope login = startSession(userId, ACME, "s-3", IP);
        send(login);
        assertThat(onlyReplyTo(login).getRejection().getCode()).isEqualTo("UNAUTHORIZED");
    }

    @Test
    void deactivatingAUserWithoutSessionsAddsNothingToTheDeactivation() {
        CommandEnvelope deactivation = deactivate(userId, ACME);

        send(deactivation);

        assertThat(sessionEvents.isEmpty()).isTrue();
        assertThat(onlyReplyTo(deactivation).getAccepted()).isTrue();
        assertThat(onlyAudit().getAction()).isEqualTo("user.deactivate");
    }

    @Test
    void expiryIsRefusedForASessionRefreshedSinceAndAppliedOnceItIsDue() {
        send(startSession(userId, ACME, "s-1", IP));
        clock.advance(Duration.ofMinutes(20));
        send(refresh(userId, ACME, "s-1", "hash-of-refresh-s-1", "hash-of-refresh-s-1b"));
        drain();
        clock.advance(Duration.ofMinutes(11));

        CommandEnvelope stale = expire(userId, ACME, "s-1", START.plus(Duration.ofMinutes(30)));
        send(stale);
        assertThat(onlyReplyTo(stale).getRejection().getCode()).isEqualTo("CONFLICT");
        assertThat(sessionEvents.isEmpty()).isTrue();
        assertThat(onlyAudit().getAction()).isEqualTo("session.expire");

        clock.advance(Duration.ofMinutes(20));
        Instant due = START.plus(Duration.ofMinutes(50));
        CommandEnvelope onTime = expire(userId, ACME, "s-1", due);
        send(onTime);
        assertThat(onlyReplyTo(onTime).getAccepted()).isTrue();
        assertThat(payloads()).singleElement().isEqualTo(new SessionExpired("s-1", SessionDeadline.IDLE, due));
    }

    @Test
    void signInsNamingNoAccountLockTheAddress() {
        String attacker = "2001:db8::bad";
        for (int i = 1; i <= 4; i++) {
            send(unknownAccount(ACME, attacker));
        }
        drain();
        CommandEnvelope fifth = unknownAccount(ACME, attacker);

        send(fifth);

        KeyValue<String, SessionEvent> lock = sessionEvents.readKeyValue();
        assertThat(lock.key).isEqualTo("ip:" + attacker);
        assertThat(lock.value.getEnvelope().getAggregateId()).isEqualTo("ip:" + attacker);
        assertThat(lock.value.getPayload()).isEqualTo(new AddressLockedOut(attacker, START.plusSeconds(60), 1, 5));
        CommandOutcome reply = onlyReplyTo(fifth);
        assertThat(reply.getRejection().getCode()).isEqualTo("UNKNOWN_ACCOUNT");
        assertThat(reply.getRejection().getRetryAfterSeconds()).isEqualTo(60L);
        AuditEvent audit = onlyAudit();
        assertThat(audit.getAction()).isEqualTo("auth.login");
        assertThat(audit.getOutcome()).isEqualTo(AuditOutcome.REJECTED);
        assertThat(audit.getReason()).startsWith("UNKNOWN_ACCOUNT");
        assertThat(audit.getResourceType()).isEqualTo("address");
        assertThat(audit.getDetails()).containsEntry("locked", "true").containsEntry("ip", attacker);
    }

    @Test
    void wrongPasswordsCountAgainstTheirAddressSilentlyUntilItLocks() {
        String otherUser = registered("grace@example.com");
        for (int i = 1; i <= 3; i++) {
            send(wrongPassword(userId, ACME, IP));
        }
        send(wrongPassword(otherUser, ACME, IP));
        List<KeyValue<String, CommandEnvelope>> hops = forwarded.readKeyValuesToList();
        assertThat(hops).hasSize(4).allSatisfy(hop -> {
            assertThat(hop.key).isEqualTo("ip:" + IP);
            assertThat(hop.value.getPayload()).isInstanceOf(RecordFailedLoginFromAddress.class);
            assertThat(hop.value.getActor().getId()).isEqualTo("command-processor");
        });
        assertThat(replies.readValuesToList()).as("one answer per API request, none for the address")
                .hasSize(4);
        assertThat(auditEvents.readValuesToList()).extracting(AuditEvent::getAction).containsOnly("auth.login");
        drain();

        send(wrongPassword(otherUser, ACME, IP));

        assertThat(sessionEvents.readKeyValuesToList()).extracting(event -> event.key)
                .containsExactly(otherUser, "ip:" + IP);
        assertThat(replies.readValuesToList()).hasSize(1);
        assertThat(auditEvents.readValuesToList()).extracting(AuditEvent::getAction)
                .containsExactly("auth.login", "auth.address.lockout");
    }

    @Test
    void theWorkersPurgeForgetsSessionsEndedBeforeItsCutoffWithoutAuditOrReply() {
        send(startSession(userId, ACME, "s-1", IP));
        send(startSession(userId, ACME, "s-2", IP));
        send(SessionCommandEnvelopes.envelope(userId, ACME, Commands.ACTOR,
                new dev.phishnet.schemas.session.RevokeSession("s-1")));
        clock.advance(Duration.ofHours(2));
        send(SessionCommandEnvelopes.envelope(userId, ACME, Commands.ACTOR,
                new dev.phishnet.schemas.session.RevokeSession("s-2")));
        drain();
        Instant cutoff = START.plus(Duration.ofHours(1));

        send(SessionCommandEnvelopes.envelope(userId, ACME, WORKER,
                new dev.phishnet.schemas.session.PurgeEndedSessions(cutoff, "run-1")));

        assertThat(sessionEvents.readValuesToList()).singleElement().satisfies(event -> {
            assertThat(event.getPayload()).isEqualTo(
                    new dev.phishnet.schemas.session.SessionsPurged(List.of("s-1"), cutoff, "run-1"));
            assertThat(event.getEnvelope().getAggregateVersion()).isEqualTo(5L);
        });
        assertThat(auditEvents.isEmpty()).isTrue();
        assertThat(replies.isEmpty()).isTrue();

        send(SessionCommandEnvelopes.envelope(userId, ACME, WORKER,
                new dev.phishnet.schemas.session.PurgeEndedSessions(cutoff, "run-2")));
        assertThat(sessionEvents.isEmpty()).as("nothing more is due").isTrue();
    }

    static final dev.phishnet.schemas.envelope.Actor WORKER = new dev.phishnet.schemas.envelope.Actor(
            "cleanup-worker", dev.phishnet.schemas.envelope.ActorKind.SYSTEM, null, null);

    private String registered(String email) {
        String id = newUserId();
        CommandEnvelope command = register(id, ACME, email);
        commands.pipeInput("email:" + email, command);
        drain();
        return id;
    }

    private void send(CommandEnvelope command) {
        String key = command.getPayload() instanceof RecordFailedLoginFromAddress failure
                ? "ip:" + failure.getIp() : "user:" + command.getAggregateId();
        commands.pipeInput(key, command);
    }

    private void drain() {
        forwarded.readValuesToList();
        userEvents.readValuesToList();
        sessionEvents.readValuesToList();
        auditEvents.readValuesToList();
        replies.readValuesToList();
    }

    private List<Object> payloads() {
        return new ArrayList<>(sessionEvents.readValuesToList().stream().map(SessionEvent::getPayload).toList());
    }

    private CommandOutcome onlyReplyTo(CommandEnvelope command) {
        List<KeyValue<String, CommandOutcome>> all = replies.readKeyValuesToList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).key).isEqualTo(command.getCorrelationId());
        return all.get(0).value;
    }

    private AuditEvent onlyAudit() {
        List<AuditEvent> all = auditEvents.readValuesToList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
