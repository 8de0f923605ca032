package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.processor.Commands.newUserId;
import static dev.phishnet.commandapi.processor.Commands.register;
import static dev.phishnet.commandapi.processor.Commands.resent;
import static dev.phishnet.commandapi.processor.Commands.updateBio;
import static dev.phishnet.commandapi.processor.Commands.withIdempotencyKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.session.SessionFixture;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.registry.MockSchemaRegistry;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserProfileUpdated;
import dev.phishnet.schemas.user.UserRegistered;
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

class IdempotencyTopologyTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration WINDOW = Duration.ofHours(24);
    static final String ACME = "acme";
    static final String KEY = "3c1f0f4e-idem-key";
    static final String FINGERPRINT = "fingerprint-of-the-first-request";

    final String registryScope = "idempotency-" + UUID.randomUUID();
    final MutableClock clock = new MutableClock(START);
    TopologyTestDriver driver;
    TestInputTopic<String, CommandEnvelope> commands;
    TestOutputTopic<String, UserEvent> userEvents;
    TestOutputTopic<String, AuditEvent> auditEvents;
    TestOutputTopic<String, CommandOutcome> replies;

    @BeforeEach
    void startDriver() {
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + registryScope);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "idempotency-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        CommandProcessorSerdes serdes = CommandProcessorSerdes.avro(serdeConfig);
        driver = new TopologyTestDriver(CommandProcessorTopology.build(CommandProcessorTopologyTest.TOPICS, serdes,
                clock, WINDOW, SessionFixture.POLICY), config, START);
        StringDeserializer keys = new StringDeserializer();
        commands = driver.createInputTopic("commands", new StringSerializer(), serdes.commands().serializer());
        userEvents = driver.createOutputTopic("user-events", keys, serdes.userEvents().deserializer());
        auditEvents = driver.createOutputTopic("audit-events", keys, serdes.auditEvents().deserializer());
        replies = driver.createOutputTopic("command-replies", keys, serdes.replies().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
        MockSchemaRegistry.drop(registryScope);
    }

    @Test
    void sameKeyAndBodyTwiceRegistersOnceAndAnswersTheRepeatWithTheFirstOutcome() {
        CommandEnvelope first = keyed(register(newUserId(), ACME, "ada@example.com"), FINGERPRINT);
        CommandEnvelope repeat = resent(first);

        sendKeyed(first);
        sendKeyed(repeat);

        assertThat(userEvents.readValuesToList()).extracting(UserEvent::getPayload)
                .singleElement().isInstanceOf(UserRegistered.class);
        assertThat(auditEvents.readValuesToList()).as("the repeat is not decided, so not audited again")
                .singleElement().extracting(AuditEvent::getCommandId).isEqualTo(first.getCommandId());
        List<KeyValue<String, CommandOutcome>> answers = replies.readKeyValuesToList();
        assertThat(answers).extracting(answer -> answer.key)
                .containsExactly(first.getCorrelationId(), repeat.getCorrelationId());
        CommandOutcome original = answers.get(0).value;
        CommandOutcome repeated = answers.get(1).value;
        assertThat(original.getAccepted()).isTrue();
        assertThat(repeated.getCorrelationId()).isEqualTo(repeat.getCorrelationId());
        assertThat(repeated).as("the first outcome, user id included, under the repeat's correlation id")
                .isEqualTo(CommandOutcome.newBuilder(original).setCorrelationId(repeat.getCorrelationId()).build());
        assertThat(repeated.getAggregateId()).isEqualTo(first.getAggregateId()).isNotEqualTo(repeat.getAggregateId());
    }

    @Test
    void repeatOfARejectedRequestGetsTheSameRejectionWithoutASecondAuditEntry() {
        String userId = newUserId();
        registerPlainly(userId, "ada@example.com");
        CommandEnvelope first = keyed(register(newUserId(), ACME, "ada@example.com"), FINGERPRINT);

        sendKeyed(first);
        sendKeyed(resent(first));

        List<CommandOutcome> answers = replies.readValuesToList();
        assertThat(answers).hasSize(2).allSatisfy(answer -> {
            assertThat(answer.getAccepted()).isFalse();
            assertThat(answer.getRejection().getCode()).isEqualTo("CONFLICT");
        });
        assertThat(auditEvents.readValuesToList()).singleElement()
                .extracting(AuditEvent::getOutcome).isEqualTo(AuditOutcome.REJECTED);
    }

    @Test
    void sameKeyWithAnotherBodyIsUnprocessableNamingTheHeaderAndAuditedOnce() {
        String userId = registerPlainly(newUserId(), "ada@example.com");
        CommandEnvelope first = keyed(updateBio(userId, ACME, "first"), FINGERPRINT);
        sendKeyed(first);
        replies.readValuesToList();
        auditEvents.readValuesToList();
        userEvents.readValuesToList();
        CommandEnvelope other = keyed(updateBio(userId, ACME, "other"), "fingerprint-of-another-request");

        sendKeyed(other);

        CommandOutcome refused = onlyReplyTo(other);
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getRejection().getCode()).isEqualTo("UNPROCESSABLE");
        assertThat(refused.getRejection().getField()).isEqualTo("Idempotency-Key");
        AuditEvent audit = auditEvents.readValuesToList().get(0);
        assertThat(audit.getOutcome()).isEqualTo(AuditOutcome.REJECTED);
        assertThat(audit.getCommandId()).isEqualTo(other.getCommandId());
        assertThat(audit.getReason()).startsWith("UNPROCESSABLE: ");
        assertThat(auditEvents.isEmpty()).isTrue();
        assertThat(userEvents.isEmpty()).isTrue();

        CommandEnvelope firstAgain = resent(first);
        sendKeyed(firstAgain);
        assertThat(onlyReplyTo(firstAgain).getAccepted()).as("the key still holds the first request").isTrue();
    }

    @Test
    void repeatArrivingWhileTheFirstIsPendingGetsTheOutcomeWhenItLands() {
        String userId = registerPlainly(newUserId(), "ada@example.com");
        CommandEnvelope first = keyed(updateBio(userId, ACME, "first"), FINGERPRINT);
        // The idempotency stage has let the first request through and waits for its outcome.
        idempotencyStore().put(RoutingKeys.idempotency(first), IdempotencyEntry.pending(FINGERPRINT, START));
        CommandEnvelope repeat = resent(first);

        sendKeyed(repeat);

        assertThat(replies.isEmpty()).as("nothing to answer yet").isTrue();
        assertThat(auditEvents.isEmpty()).isTrue();

        // The first request reaches its user, as the idempotency stage forwarded it.
        commands.pipeInput(RoutingKeys.user(dev.phishnet.commandapi.user.UserId.of(userId)), first);

        assertThat(userEvents.readValuesToList()).singleElement().extracting(UserEvent::getPayload)
                .isInstanceOf(UserProfileUpdated.class);
        assertThat(auditEvents.readValuesToList()).hasSize(1);
        List<KeyValue<String, CommandOutcome>> answers = replies.readKeyValuesToList();
        assertThat(answers).extracting(answer -> answer.key)
                .containsExactly(first.getCorrelationId(), repeat.getCorrelationId());
        assertThat(answers.get(1).value.getCorrelationId()).isEqualTo(repeat.getCorrelationId());
        assertThat(answers.get(1).value.getAggregateVersion()).isEqualTo(2L);
        assertThat(answers.get(1).value.getCommandId()).isEqualTo(first.getCommandId());
    }

    @Test
    void afterTheWindowTheSweepForgetsTheKeyAndARepeatIsDecidedAfresh() {
        String userId = registerPlainly(newUserId(), "ada@example.com");
        CommandEnvelope first = keyed(updateBio(userId, ACME, "first"), FINGERPRINT);
        sendKeyed(first);
        assertThat(onlyReplyTo(first).getAggregateVersion()).isEqualTo(2L);

        clock.advance(WINDOW);
        driver.advanceWallClockTime(IdempotencyStage.SWEEP_INTERVAL);

        assertThat(count(idempotencyStore())).isZero();
        assertThat(count(expiryStore())).isZero();
        auditEvents.readValuesToList();
        CommandEnvelope late = resent(first);
        sendKeyed(late);
        // Decided afresh by the user's decider: the bio is already that, so this time there is nothing to update.
        CommandOutcome decided = onlyReplyTo(late);
        assertThat(decided.getCommandId()).isEqualTo(late.getCommandId());
        assertThat(decided.getRejection().getMessage()).isEqualTo("nothing to update");
        assertThat(auditEvents.readValuesToList()).singleElement()
                .extracting(AuditEvent::getCommandId).isEqualTo(late.getCommandId());
    }

    @Test
    void sweepKeepsKeysStillInsideTheWindow() {
        CommandEnvelope first = keyed(register(newUserId(), ACME, "ada@example.com"), FINGERPRINT);
        sendKeyed(first);

        clock.advance(WINDOW.minusSeconds(1));
        driver.advanceWallClockTime(IdempotencyStage.SWEEP_INTERVAL);

        CommandEnvelope repeat = resent(first);
        sendKeyed(repeat);
        assertThat(userEvents.readValuesToList()).hasSize(1);
        assertThat(replies.readValuesToList()).extracting(CommandOutcome::getAggregateId)
                .containsOnly(first.getAggregateId());
    }

    @Test
    void keyPastItsWindowIsForgottenOnUseEvenBeforeTheSweep() {
        String userId = registerPlainly(newUserId(), "ada@example.com");
        CommandEnvelope first = keyed(updateBio(userId, ACME, "first"), FINGERPRINT);
        sendKeyed(first);
        replies.readValuesToList();

        clock.advance(WINDOW);
        CommandEnvelope other = keyed(updateBio(userId, ACME, "second"), "another request, now allowed");
        sendKeyed(other);

        assertThat(onlyReplyTo(other).getAggregateVersion()).isEqualTo(3L);
        driver.advanceWallClockTime(IdempotencyStage.SWEEP_INTERVAL);
        assertThat(idempotencyStore().get(RoutingKeys.idempotency(other))).as("the new use stays")
                .isNotNull();
        assertThat(count(expiryStore())).isEqualTo(1L);
    }

    @Test
    void keysAreScopedByCaller() {
        String userId = registerPlainly(newUserId(), "ada@example.com");
        CommandEnvelope mine = keyed(updateBio(userId, ACME, "mine"), FINGERPRINT);
        CommandEnvelope theirs = CommandEnvelope.newBuilder(keyed(updateBio(userId, ACME, "theirs"), "other"))
                .setActor(new dev.phishnet.schemas.envelope.Actor("someone-else",
                        dev.phishnet.schemas.envelope.ActorKind.USER, null, null))
                .build();

        sendKeyed(mine);
        sendKeyed(theirs);

        assertThat(replies.readValuesToList()).extracting(CommandOutcome::getAccepted).containsExactly(true, true);
        assertThat(userEvents.readValuesToList()).hasSize(2);
    }

    @Test
    void commandKeyedForAnotherIdempotencyKeyIsInvalidNamingTheHeader() {
        CommandEnvelope command = keyed(register(newUserId(), ACME, "ada@example.com"), FINGERPRINT);

        commands.pipeInput("idem:acme:someone:" + KEY, command);

        CommandOutcome reply = onlyReplyTo(command);
        assertThat(reply.getRejection().getCode()).isEqualTo("INVALID");
        assertThat(reply.getRejection().getField()).isEqualTo("Idempotency-Key");
        assertThat(userEvents.isEmpty()).isTrue();
        assertThat(count(idempotencyStore())).isZero();
    }

    private static CommandEnvelope keyed(CommandEnvelope command, String fingerprint) {
        return withIdempotencyKey(command, KEY, fingerprint);
    }

    private void sendKeyed(CommandEnvelope command) {
        commands.pipeInput(RoutingKeys.idempotency(command), command);
    }

    private String registerPlainly(String userId, String email) {
        CommandEnvelope command = register(userId, ACME, email);
        commands.pipeInput("email:" + email, command);
        assertThat(onlyReplyTo(command).getAccepted()).isTrue();
        userEvents.readValuesToList();
        auditEvents.readValuesToList();
        return userId;
    }

    private CommandOutcome onlyReplyTo(CommandEnvelope command) {
        List<KeyValue<String, CommandOutcome>> all = replies.readKeyValuesToList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).key).isEqualTo(command.getCorrelationId());
        return all.get(0).value;
    }

    // approximateNumEntries is RocksDB's estimate, which lags behind deletes.
    private static long count(KeyValueStore<String, ?> store) {
        try (var all = store.all()) {
            long count = 0;
            for (; all.hasNext(); all.next()) {
                count++;
            }
            return count;
        }
    }

    private KeyValueStore<String, IdempotencyEntry> idempotencyStore() {
        return driver.getKeyValueStore(CommandProcessorTopology.IDEMPOTENCY_STORE);
    }

    private KeyValueStore<String, String> expiryStore() {
        return driver.getKeyValueStore(CommandProcessorTopology.IDEMPOTENCY_EXPIRY_STORE);
    }
}
