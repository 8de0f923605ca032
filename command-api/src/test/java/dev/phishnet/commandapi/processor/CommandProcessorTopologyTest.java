package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.processor.Commands.deactivate;
import static dev.phishnet.commandapi.processor.Commands.newUserId;
import static dev.phishnet.commandapi.processor.Commands.register;
import static dev.phishnet.commandapi.processor.Commands.updateBio;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.phishnet.commandapi.session.SessionFixture;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.registry.MockSchemaRegistry;
import dev.phishnet.schemas.user.ReleaseEmail;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandProcessorTopologyTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final CommandProcessorTopics TOPICS = new CommandProcessorTopics("commands", "command-replies",
            "user-events", "session-events", "analysis-events", "threat-intel-events", "audit-events");
    static final String ACME = "acme";
    static final String GLOBEX = "globex";

    final String registryScope = "topology-" + UUID.randomUUID();
    TopologyTestDriver driver;
    TestInputTopic<String, CommandEnvelope> commands;
    TestOutputTopic<String, CommandEnvelope> forwarded;
    TestOutputTopic<String, UserEvent> userEvents;
    TestOutputTopic<String, AuditEvent> auditEvents;
    TestOutputTopic<String, CommandOutcome> replies;

    @BeforeEach
    void startDriver() {
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + registryScope);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "command-processor-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        CommandProcessorSerdes serdes = CommandProcessorSerdes.avro(serdeConfig);
        driver = new TopologyTestDriver(CommandProcessorTopology.build(TOPICS, serdes,
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(24), SessionFixture.POLICY), config);
        StringDeserializer keys = new StringDeserializer();
        commands = driver.createInputTopic("commands", new StringSerializer(), serdes.commands().serializer());
        forwarded = driver.createOutputTopic("commands", keys, serdes.commands().deserializer());
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
    void acceptedRegistrationWritesOneUserRegisteredOneAcceptedAuditAndOneReply() {
        String userId = newUserId();
        CommandEnvelope command = register(userId, ACME, " Ada@Example.COM ");

        send("email:ada@example.com", command);

        List<KeyValue<String, UserEvent>> events = userEvents.readKeyValuesToList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).key).isEqualTo(userId);
        UserEvent event = events.get(0).value;
        assertThat(event.getEnvelope().getEventId()).isEqualTo(derived(command, "event:0"));
        assertThat(event.getEnvelope().getAggregateId()).isEqualTo(userId);
        assertThat(event.getEnvelope().getAggregateVersion()).isEqualTo(1L);
        assertThat(event.getEnvelope().getTenantId()).isEqualTo(ACME);
        assertThat(event.getEnvelope().getOccurredAt()).isEqualTo(NOW);
        assertThat(event.getEnvelope().getCorrelationId()).isEqualTo(command.getCorrelationId());
        assertThat(event.getEnvelope().getCausationId()).isEqualTo(command.getCommandId());
        assertThat(event.getEnvelope().getActor()).isEqualTo(command.getActor());
        assertThat(event.getPayload()).isInstanceOfSatisfying(UserRegistered.class,
                registered -> assertThat(registered.getEmail()).isEqualTo("ada@example.com"));

        List<KeyValue<String, AuditEvent>> audits = auditEvents.readKeyValuesToList();
        assertThat(audits).hasSize(1);
        assertThat(audits.get(0).key).isEqualTo(userId);
        AuditEvent audit = audits.get(0).value;
        assertThat(audit.getAction()).isEqualTo("user.register");
        assertThat(audit.getOutcome()).isEqualTo(AuditOutcome.ACCEPTED);
        assertThat(audit.getReason()).isNull();
        assertThat(audit.getResourceType()).isEqualTo("user");
        assertThat(audit.getResourceId()).isEqualTo(userId);
        assertThat(audit.getCommandId()).isEqualTo(command.getCommandId());
        assertThat(audit.getEnvelope().getAggregateVersion()).isEqualTo(1L);
        assertThat(audit.getDetails()).doesNotContainKey("passwordHash");

        CommandOutcome reply = onlyReplyTo(command);
        assertThat(reply.getAccepted()).isTrue();
        assertThat(reply.getAggregateId()).isEqualTo(userId);
        assertThat(reply.getAggregateVersion()).isEqualTo(1L);
        assertThat(reply.getRejection()).isNull();
        assertThat(reply.getDecidedAt()).isEqualTo(NOW);
    }

    @Test
    void registrationOfAnEmailTakenInAnotherSpellingIsRejectedAsConflictOnEmail() {
        registered(newUserId(), ACME, "ada@example.com");
        String secondUser = newUserId();
        CommandEnvelope second = register(secondUser, GLOBEX, "  ADA@example.com");

        send("email:ada@example.com", second);

        CommandOutcome reply = onlyReplyTo(second);
        assertThat(reply.getAccepted()).isFalse();
        assertThat(reply.getAggregateVersion()).isNull();
        assertThat(reply.getRejection().getCode()).isEqualTo("CONFLICT");
        assertThat(reply.getRejection().getField()).isEqualTo("email");
        AuditEvent audit = onlyAudit();
        assertThat(audit.getOutcome()).isEqualTo(AuditOutcome.REJECTED);
        assertThat(audit.getReason()).isEqualTo("CONFLICT: email already registered");
        assertThat(audit.getResourceId()).isEqualTo(secondUser);
        assertThat(audit.getDetails()).containsEntry("field", "email");
        assertThat(audit.getEnvelope().getAggregateVersion()).isZero();
        assertThat(userEvents.isEmpty()).isTrue();
    }

    @Test
    void profileUpdateWritesTheChangeAtVersionTwo() {
        String userId = registered(newUserId(), ACME, "ada@example.com");
        CommandEnvelope update = updateBio(userId, ACME, "Analyst of engines");

        send("user:" + userId, update);

        UserEvent event = userEvents.readValue();
        assertThat(event.getEnvelope().getAggregateVersion()).isEqualTo(2L);
        assertThat(event.getPayload()).isInstanceOfSatisfying(UserProfileUpdated.class,
                updated -> assertThat(updated.getBio()).isEqualTo("Analyst of engines"));
        assertThat(userEvents.isEmpty()).isTrue();
        assertThat(onlyAudit().getAction()).isEqualTo("user.update-profile");
        assertThat(onlyReplyTo(update).getAggregateVersion()).isEqualTo(2L);
    }

    @Test
    void commandForAnotherTenantsUserIsNotFound() {
        String userId = registered(newUserId(), ACME, "ada@example.com");
        CommandEnvelope update = updateBio(userId, GLOBEX, "not yours");

        send("user:" + userId, update);

        CommandOutcome reply = onlyReplyTo(update);
        assertThat(reply.getAccepted()).isFalse();
        assertThat(reply.getRejection().getCode()).isEqualTo("NOT_FOUND");
        AuditEvent audit = onlyAudit();
        assertThat(audit.getOutcome()).isEqualTo(AuditOutcome.REJECTED);
        assertThat(audit.getReason()).isEqualTo("NOT_FOUND: user not found");
        assertThat(audit.getEnvelope().getTenantId()).isEqualTo(GLOBEX);
        assertThat(audit.getEnvelope().getAggregateVersion()).as("another tenant's version stays hidden").isZero();
        assertThat(userEvents.isEmpty()).isTrue();
    }

    @Test
    void deactivatingTwiceConflictsTheSecondTime() {
        String userId = registered(newUserId(), ACME, "ada@example.com");
        CommandEnvelope first = deactivate(userId, ACME);
        CommandEnvelope second = deactivate(userId, ACME);

        send("user:" + userId, first);
        send("user:" + userId, second);

        assertThat(replyTo(first).getAggregateVersion()).isEqualTo(2L);
        CommandOutcome secondReply = replyTo(second);
        assertThat(secondReply.getAccepted()).isFalse();
        assertThat(secondReply.getRejection().getCode()).isEqualTo("CONFLICT");
        assertThat(userEvents.readValuesToList()).hasSize(1);
        List<AuditEvent> audits = auditEvents.readValuesToList();
        assertThat(audits).extracting(AuditEvent::getOutcome)
                .containsExactly(AuditOutcome.ACCEPTED, AuditOutcome.REJECTED);
        assertThat(audits.get(1).getEnvelope().getAggregateVersion()).isEqualTo(2L);
    }

    @Test
    void registrationRefusedAfterItsClaimReleasesTheEmailForALaterRegistration() {
        String userId = registered(newUserId(), ACME, "ada@example.com");
        // The id is taken, the address is free: the claim succeeds, the second hop refuses.
        CommandEnvelope sameId = register(userId, ACME, "grace@example.com");

        send("email:grace@example.com", sameId);

        CommandOutcome refused = onlyReplyTo(sameId);
        assertThat(refused.getRejection().getCode()).isEqualTo("CONFLICT");
        assertThat(refused.getRejection().getMessage()).isEqualTo("user already exists");
        assertThat(onlyAudit().getOutcome()).isEqualTo(AuditOutcome.REJECTED);
        List<KeyValue<String, CommandEnvelope>> hops = forwarded.readKeyValuesToList();
        assertThat(hops).extracting(hop -> hop.key)
                .containsExactly("user:" + userId, "email:grace@example.com");
        assertThat(hops.get(1).value.getPayload()).isInstanceOf(ReleaseEmail.class);
        assertThat(hops.get(1).value.getCorrelationId()).isEqualTo(sameId.getCorrelationId());
        assertThat(replies.isEmpty()).as("the compensation is answered by nobody").isTrue();

        String graceId = newUserId();
        CommandEnvelope grace = register(graceId, ACME, "grace@example.com");
        send("email:grace@example.com", grace);

        assertThat(onlyReplyTo(grace).getAccepted()).isTrue();
    }

    @Test
    void repeatedRegistrationOfAnExistingUserKeepsItsEmailClaimed() {
        String userId = registered(newUserId(), ACME, "ada@example.com");
        CommandEnvelope again = register(userId, ACME, "ada@example.com");

        send("email:ada@example.com", again);

        assertThat(onlyReplyTo(again).getRejection().getMessage()).isEqualTo("user already exists");
        assertThat(forwarded.readKeyValuesToList()).extracting(hop -> hop.key).containsExactly("user:" + userId);
        auditEvents.readValuesToList();

        CommandEnvelope other = register(newUserId(), GLOBEX, "ada@example.com");
        send("email:ada@example.com", other);

        assertThat(onlyReplyTo(other).getRejection().getField()).isEqualTo("email");
    }

    @Test
    void registrationKeyedByAnUnnormalizedEmailIsInvalid() {
        CommandEnvelope command = register(newUserId(), ACME, "ada@example.com");

        send("email:Ada@Example.com", command);

        CommandOutcome reply = onlyReplyTo(command);
        assertThat(reply.getRejection().getCode()).isEqualTo("INVALID");
        assertThat(reply.getRejection().getField()).isEqualTo("email");
        assertThat(onlyAudit().getOutcome()).isEqualTo(AuditOutcome.REJECTED);
        assertThat(forwarded.isEmpty()).isTrue();
    }

    @Test
    void commandWithAMalformedUserIdIsInvalidRatherThanFatal() {
        CommandEnvelope command = updateBio("not-a-uuid", ACME, "bio");

        send("user:not-a-uuid", command);

        assertThat(onlyReplyTo(command).getRejection().getCode()).isEqualTo("INVALID");
        assertThat(onlyAudit().getResourceId()).isEqualTo("not-a-uuid");
    }

    private String registered(String userId, String tenant, String email) {
        CommandEnvelope command = register(userId, tenant, email);
        send("email:" + email.strip().toLowerCase(), command);
        assertThat(onlyReplyTo(command).getAccepted()).isTrue();
        userEvents.readValuesToList();
        auditEvents.readValuesToList();
        forwarded.readValuesToList();
        return userId;
    }

    private void send(String key, CommandEnvelope command) {
        commands.pipeInput(key, command);
    }

    private CommandOutcome onlyReplyTo(CommandEnvelope command) {
        List<KeyValue<String, CommandOutcome>> all = replies.readKeyValuesToList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).key).isEqualTo(command.getCorrelationId());
        assertThat(all.get(0).value.getCommandId()).isEqualTo(command.getCommandId());
        return all.get(0).value;
    }

    private CommandOutcome replyTo(CommandEnvelope command) {
        KeyValue<String, CommandOutcome> next = replies.readKeyValue();
        assertThat(next.key).isEqualTo(command.getCorrelationId());
        return next.value;
    }

    private AuditEvent onlyAudit() {
        List<AuditEvent> all = auditEvents.readValuesToList();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static String derived(CommandEnvelope command, String part) {
        return UUID.nameUUIDFromBytes((command.getCommandId() + ":" + part).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
