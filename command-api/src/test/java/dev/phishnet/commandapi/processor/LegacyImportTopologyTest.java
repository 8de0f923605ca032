package dev.phishnet.commandapi.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.phishnet.commandapi.analysis.AnalysisId;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.session.SessionFixture;
import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisImported;
import dev.phishnet.schemas.analysis.ImportAnalysis;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.ImportAuditEntry;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.registry.MockSchemaRegistry;
import dev.phishnet.schemas.threatintel.ImportIndicator;
import dev.phishnet.schemas.threatintel.IndicatorReported;
import dev.phishnet.schemas.threatintel.IndicatorType;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import dev.phishnet.schemas.user.ImportUser;
import dev.phishnet.schemas.user.PasswordHashUpgraded;
import dev.phishnet.schemas.user.RegisterUser;
import dev.phishnet.schemas.user.UpgradePasswordHash;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserImported;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The legacy importer's commands through the processor: imported once, refused as duplicates on a re-run. */
class LegacyImportTopologyTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant LEGACY = Instant.parse("2023-03-01T10:00:00Z");
    static final String ACME = "acme";
    static final String USER_ID = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
    static final String BCRYPT = "$2b$12$KIXQJ1bq7Qm3Hk6nDqg7UuJ1YyHppx3bZb8m8fJ1cZb2x6qQz9m1S";
    static final Actor IMPORTER = new Actor("legacy-importer", ActorKind.SERVICE, null, null);

    final String registryScope = "legacy-" + UUID.randomUUID();
    final MutableClock clock = new MutableClock(START);
    TopologyTestDriver driver;
    TestInputTopic<String, CommandEnvelope> commands;
    TestOutputTopic<String, UserEvent> userEvents;
    TestOutputTopic<String, AnalysisEvent> analysisEvents;
    TestOutputTopic<String, ThreatIntelEvent> intelEvents;
    TestOutputTopic<String, AuditEvent> auditEvents;
    TestOutputTopic<String, CommandOutcome> replies;

    @BeforeEach
    void startDriver() {
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + registryScope);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "legacy-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        CommandProcessorSerdes serdes = CommandProcessorSerdes.avro(serdeConfig);
        driver = new TopologyTestDriver(CommandProcessorTopology.build(CommandProcessorTopologyTest.TOPICS, serdes,
                clock, Duration.ofHours(24), SessionFixture.POLICY), config, START);
        StringDeserializer keys = new StringDeserializer();
        commands = driver.createInputTopic("commands", new StringSerializer(), serdes.commands().serializer());
        userEvents = driver.createOutputTopic("user-events", keys, serdes.userEvents().deserializer());
        analysisEvents = driver.createOutputTopic("analysis-events", keys, serdes.analysisEvents().deserializer());
        intelEvents = driver.createOutputTopic("threat-intel-events", keys,
                serdes.threatIntelEvents().deserializer());
        auditEvents = driver.createOutputTopic("audit-events", keys, serdes.auditEvents().deserializer());
        replies = driver.createOutputTopic("command-replies", keys, serdes.replies().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
        MockSchemaRegistry.drop(registryScope);
    }

    @Test
    void aUserIsImportedOnceWithItsLegacyHashAndAReRunIsADuplicate() {
        CommandEnvelope first = importUser(false);
        assertThat(send(first).getAccepted()).isTrue();
        UserEvent event = userEvents.readValue();
        UserImported imported = (UserImported) event.getPayload();
        assertThat(imported.getPasswordHash()).isEqualTo(BCRYPT);
        assertThat(imported.getActive()).isFalse();
        assertThat(imported.getCreatedAt()).isEqualTo(LEGACY);
        assertThat(auditEvents.readValuesToList()).extracting(AuditEvent::getAction).containsExactly("user.import");

        CommandOutcome again = send(importUser(false));
        assertThat(again.getAccepted()).isFalse();
        assertThat(again.getRejection().getCode()).isEqualTo("CONFLICT");
        assertThat(again.getRejection().getMessage()).isEqualTo("user already exists");
        assertThat(userEvents.isEmpty()).isTrue();
    }

    @Test
    void anImportedAddressStaysUniqueAgainstRegistrations() {
        send(importUser(true));
        CommandOutcome registration = send(envelope("9f0e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
                new RegisterUser("ada@acme.example", "$argon2id$x", "Someone Else", null, List.of())));
        assertThat(registration.getAccepted()).isFalse();
        assertThat(registration.getRejection().getMessage()).isEqualTo("email already registered");
    }

    @Test
    void theHashIsUpgradedOnlyFromTheHashThatWasVerified() {
        send(importUser(true));
        userEvents.readValuesToList();

        CommandOutcome stale = send(envelope(USER_ID, new UpgradePasswordHash("$2b$12$other", "$argon2id$new")));
        assertThat(stale.getAccepted()).isFalse();
        CommandOutcome upgraded = send(envelope(USER_ID, new UpgradePasswordHash(BCRYPT, "$argon2id$new")));
        assertThat(upgraded.getAccepted()).isTrue();
        assertThat(((PasswordHashUpgraded) userEvents.readValue().getPayload()).getPasswordHash())
                .isEqualTo("$argon2id$new");
    }

    @Test
    void anAnalysisIsImportedWithoutLookupsAndOnlyOnce() {
        String id = AnalysisId.of(TenantId.of(ACME), UserId.of(USER_ID), "msg-1").value();
        CommandEnvelope command = envelope(id, new ImportAnalysis("a1", USER_ID, "msg-1", "Invoice",
                "billing@evil.example", "ada@acme.example", LEGACY, LEGACY, "completed", ThreatLevel.HIGH, 0.9,
                List.of("phishing"), "1.2", "{}"));
        assertThat(send(command).getAccepted()).isTrue();
        AnalysisImported imported = (AnalysisImported) analysisEvents.readValue().getPayload();
        assertThat(imported.getAnalysisId()).isEqualTo(id);
        assertThat(imported.getStatus()).isEqualTo("completed");
        assertThat(analysisEvents.isEmpty()).isTrue();

        CommandOutcome again = send(CommandEnvelope.newBuilder(command).setCommandId(UUID.randomUUID().toString())
                .setCorrelationId(UUID.randomUUID().toString()).build());
        assertThat(again.getRejection().getMessage()).isEqualTo("analysis already exists");
    }

    @Test
    void anIndicatorIsImportedFirstSeenAtCreationAndLastSeenAtItsUpdate() {
        String id = IndicatorId.of(TenantId.of(ACME), dev.phishnet.commandapi.threatintel.IndicatorType.DOMAIN,
                "evil.example").value();
        Instant updated = LEGACY.plusSeconds(3600);
        CommandEnvelope command = envelope(id, new ImportIndicator("i1", "evil.example", IndicatorType.DOMAIN,
                "phishing", ThreatLevel.CRITICAL, 0.8, "feed", List.of("bank"), null, null, LEGACY, updated));
        assertThat(send(command).getAccepted()).isTrue();
        IndicatorReported reported = (IndicatorReported) intelEvents.readValue().getPayload();
        assertThat(reported.getState().getFirstSeenAt()).isEqualTo(LEGACY);
        assertThat(reported.getState().getLastSeenAt()).isEqualTo(updated);

        CommandOutcome again = send(CommandEnvelope.newBuilder(command).setCommandId(UUID.randomUUID().toString())
                .setCorrelationId(UUID.randomUUID().toString()).build());
        assertThat(again.getRejection().getMessage()).isEqualTo("indicator already exists");
    }

    @Test
    void anAuditEntryBecomesAnAuditEventOfItsOwnTimeOnItsUserOnce() {
        String entryId = UUID.nameUUIDFromBytes("entry".getBytes()).toString();
        CommandEnvelope command = envelope(entryId, new ImportAuditEntry("e1", "auth", "login", USER_ID, "ok",
                "10.0.0.1", "curl", "{\"m\":1}", LEGACY));
        assertThat(send(command).getAccepted()).isTrue();
        List<AuditEvent> audits = auditEvents.readValuesToList();
        assertThat(audits).extracting(AuditEvent::getAction).containsExactly("legacy.auth.login", "audit.import");
        AuditEvent legacy = audits.get(0);
        assertThat(legacy.getEnvelope().getOccurredAt()).isEqualTo(LEGACY);
        assertThat(legacy.getResourceType()).isEqualTo("user");
        assertThat(legacy.getResourceId()).isEqualTo(USER_ID);
        assertThat(legacy.getDetails()).containsEntry("ip", "10.0.0.1").containsEntry("userAgent", "curl")
                .containsEntry("description", "ok").containsEntry("metadata", "{\"m\":1}");

        CommandOutcome again = send(CommandEnvelope.newBuilder(command).setCommandId(UUID.randomUUID().toString())
                .setCorrelationId(UUID.randomUUID().toString()).build());
        assertThat(again.getRejection().getMessage()).isEqualTo("audit entry already imported");
        assertThat(auditEvents.readValuesToList()).extracting(AuditEvent::getAction).containsExactly("audit.import");
    }

    private CommandEnvelope importUser(boolean active) {
        return envelope(USER_ID, new ImportUser("64f1", "Ada@Acme.example", BCRYPT, "Ada Lovelace", active, true,
                LEGACY, null, null));
    }

    private static CommandEnvelope envelope(String aggregateId, Object payload) {
        return new CommandEnvelope(UUID.randomUUID().toString(), UUID.randomUUID().toString(), ACME, aggregateId,
                START, IMPORTER, null, null, payload);
    }

    /** Under the key the importer publishes it with; the only reply to it. */
    private CommandOutcome send(CommandEnvelope command) {
        commands.pipeInput(RoutingKeys.aggregate(command), command);
        List<CommandOutcome> all = replies.readValuesToList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).getCorrelationId()).isEqualTo(command.getCorrelationId());
        return all.get(0);
    }
}
