package dev.phishnet.commandapi.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
import dev.phishnet.schemas.analysis.AnalysisCompleted;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisPurged;
import dev.phishnet.schemas.analysis.AnalysisRequested;
import dev.phishnet.schemas.analysis.CompleteAnalysis;
import dev.phishnet.schemas.analysis.IndicatorMatch;
import dev.phishnet.schemas.analysis.IndicatorsMatched;
import dev.phishnet.schemas.analysis.MatchedField;
import dev.phishnet.schemas.analysis.PurgeAnalysis;
import dev.phishnet.schemas.analysis.RequestAnalysis;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.RecordProjectionAdminAction;
import dev.phishnet.schemas.command.RecordRetentionRun;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.registry.MockSchemaRegistry;
import dev.phishnet.schemas.threatintel.IndicatorPurged;
import dev.phishnet.schemas.threatintel.IndicatorReported;
import dev.phishnet.schemas.threatintel.IndicatorType;
import dev.phishnet.schemas.threatintel.PurgeIndicator;
import dev.phishnet.schemas.threatintel.ReportIndicator;
import dev.phishnet.schemas.threatintel.RetireIndicator;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
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

/**
 * Analyses, indicators and the matching between them through the topics, as the API and the cleanup worker drive
 * them: the lookups of an analysis hop to the indicators' partitions and back through {@code commands}, which the
 * driver feeds back in.
 */
class AnalysisTopologyTest {

    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    static final String ACME = "acme";
    static final String GLOBEX = "globex";
    static final String ADA = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
    static final Actor USER = new Actor(ADA, ActorKind.USER, "127.0.0.1", "test");
    static final Actor WORKER = new Actor("cleanup-worker", ActorKind.SYSTEM, null, null);

    final String registryScope = "analyses-" + UUID.randomUUID();
    final MutableClock clock = new MutableClock(START);
    TopologyTestDriver driver;
    TestInputTopic<String, CommandEnvelope> commands;
    TestOutputTopic<String, CommandEnvelope> forwarded;
    TestOutputTopic<String, AnalysisEvent> analysisEvents;
    TestOutputTopic<String, ThreatIntelEvent> intelEvents;
    TestOutputTopic<String, AuditEvent> auditEvents;
    TestOutputTopic<String, CommandOutcome> replies;

    @BeforeEach
    void startDriver() {
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + registryScope);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analyses-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        CommandProcessorSerdes serdes = CommandProcessorSerdes.avro(serdeConfig);
        driver = new TopologyTestDriver(CommandProcessorTopology.build(CommandProcessorTopologyTest.TOPICS, serdes,
                clock, Duration.ofHours(24), SessionFixture.POLICY), config, START);
        StringDeserializer keys = new StringDeserializer();
        commands = driver.createInputTopic("commands", new StringSerializer(), serdes.commands().serializer());
        forwarded = driver.createOutputTopic("commands", keys, serdes.commands().deserializer());
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
    void anAnalysisWhoseSenderDomainAndUrlHitReportedIndicatorsRecordsTheMatchesAndTheirVerdict() {
        String domainId = reported(ACME, "evil.example", IndicatorType.DOMAIN, ThreatLevel.HIGH, 0.6);
        String urlId = reported(ACME, "https://login.other.example/verify", IndicatorType.URL, ThreatLevel.HIGH, 0.5);

        CommandEnvelope request = requestAnalysis(ACME, "msg-1", "Bob@Mail.Evil.Example",
                "HTTPS://login.other.example:443/verify#top");
        send(request);

        String analysisId = request.getAggregateId();
        List<KeyValue<String, AnalysisEvent>> events = analysisEvents.readKeyValuesToList();
        assertThat(events).extracting(event -> event.key).containsOnly(analysisId);
        assertThat(events.get(0).value.getPayload()).isInstanceOf(AnalysisRequested.class);
        assertThat(events).hasSize(2);
        assertThat(events).extracting(event -> event.value.getEnvelope().getAggregateVersion()).containsExactly(1L, 2L);
        IndicatorsMatched matched = (IndicatorsMatched) events.get(1).value.getPayload();
        assertThat(matched.getMatches()).extracting(IndicatorMatch::getField, IndicatorMatch::getValue,
                IndicatorMatch::getIndicatorId, IndicatorMatch::getIndicator).containsExactly(
                        tuple(MatchedField.SENDER_DOMAIN, "mail.evil.example", domainId, "evil.example"),
                        tuple(MatchedField.URL, "https://login.other.example/verify", urlId,
                                "https://login.other.example/verify"));
        assertThat(matched.getMatches()).allSatisfy(match -> {
            assertThat(match.getThreatLevel()).isEqualTo(ThreatLevel.HIGH);
            assertThat(match.getThreatType()).isEqualTo("phishing");
        });
        // sender address, mail.evil.example, evil.example, the URL, login.other.example, other.example
        assertThat(matched.getLookups()).isEqualTo(6);
        assertThat(matched.getPreliminaryThreatLevel()).isEqualTo(ThreatLevel.HIGH);
        assertThat(matched.getPreliminaryConfidence()).isEqualTo(0.8); // 1 - (1 - 0.6)(1 - 0.5)
        assertThat(matched.getVerdictRule()).isEqualTo("indicators-v1");

        CommandOutcome reply = onlyReplyTo(request);
        assertThat(reply.getAccepted()).isTrue();
        assertThat(reply.getAggregateVersion()).isEqualTo(1L);
        assertThat(reply.getDetails()).containsEntry("existing", "false").containsEntry("status", "pending");
        assertThat(auditEvents.readValuesToList()).as("the lookups are internal hops: one audit, the request's")
                .singleElement().satisfies(audit -> {
                    assertThat(audit.getAction()).isEqualTo("analysis.request");
                    assertThat(audit.getResourceType()).isEqualTo("analysis");
                    assertThat(audit.getResourceId()).isEqualTo(analysisId);
                });
        List<KeyValue<String, CommandEnvelope>> hops = forwarded.readKeyValuesToList();
        assertThat(hops).filteredOn(hop -> hop.key.startsWith("intel:")).hasSize(6);
        assertThat(hops).filteredOn(hop -> hop.key.equals("analysis:" + analysisId)).hasSize(6);
    }

    @Test
    void anAnalysisThatHitsNothingIsMatchedWithNoMatch() {
        reported(ACME, "evil.example", IndicatorType.DOMAIN, ThreatLevel.CRITICAL, 0.9);

        send(requestAnalysis(ACME, "msg-1", "ada@good.example", "https://good.example/"));

        IndicatorsMatched matched = matchedOf(analysisEvents.readValuesToList());
        assertThat(matched.getMatches()).isEmpty();
        assertThat(matched.getPreliminaryThreatLevel()).isNull();
        assertThat(matched.getPreliminaryConfidence()).isEqualTo(0.0);
        assertThat(matched.getLookups()).isEqualTo(3);
    }

    @Test
    void anIndicatorReportedAfterTheAnalysisDoesNotRewriteIt() {
        CommandEnvelope request = requestAnalysis(ACME, "msg-1", "bob@evil.example");
        send(request);
        drain();

        reported(ACME, "evil.example", IndicatorType.DOMAIN, ThreatLevel.CRITICAL, 0.9);
        CommandEnvelope again = resent(request);
        send(again);

        assertThat(analysisEvents.isEmpty()).isTrue();
        assertThat(onlyReplyTo(again).getDetails()).containsEntry("existing", "true");
    }

    @Test
    void aRetiredIndicatorNoLongerMatches() {
        String id = reported(ACME, "evil.example", IndicatorType.DOMAIN, ThreatLevel.HIGH, 0.6);
        send(envelope(ACME, id, USER, new RetireIndicator("false positive")));
        assertThat(onlyReplyTo(lastSent).getAccepted()).isTrue();

        send(requestAnalysis(ACME, "msg-1", "bob@evil.example"));

        assertThat(matchedOf(analysisEvents.readValuesToList()).getMatches()).isEmpty();
    }

    @Test
    void aRepeatedRequestIsAnsweredWithTheExistingAnalysisAndRecordsNothing() {
        CommandEnvelope first = requestAnalysis(ACME, "msg-1", "bob@evil.example");
        send(first);
        analysisEvents.readValuesToList();
        replies.readValuesToList();
        auditEvents.readValuesToList();
        forwarded.readValuesToList();

        CommandEnvelope repeat = resent(first);
        send(repeat);

        CommandOutcome reply = onlyReplyTo(repeat);
        assertThat(reply.getAccepted()).isTrue();
        assertThat(reply.getAggregateId()).isEqualTo(first.getAggregateId());
        assertThat(reply.getAggregateVersion()).isEqualTo(2L);
        assertThat(reply.getDetails()).containsEntry("existing", "true").containsEntry("status", "pending");
        assertThat(analysisEvents.isEmpty()).isTrue();
        assertThat(forwarded.isEmpty()).as("no second lookup").isTrue();
    }

    @Test
    void aSecondResultIsRefusedAlreadyFinal() {
        CommandEnvelope request = requestAnalysis(ACME, "msg-1", "bob@evil.example");
        send(request);
        drain();
        String analysisId = request.getAggregateId();
        CompleteAnalysis result = new CompleteAnalysis(ThreatLevel.HIGH, 0.92, List.of("credential-phish"), "v2.1");

        CommandEnvelope first = envelope(ACME, analysisId, USER, result);
        send(first);
        CommandOutcome accepted = onlyReplyTo(first);
        assertThat(accepted.getAccepted()).isTrue();
        assertThat(accepted.getAggregateVersion()).isEqualTo(3L);
        assertThat(accepted.getDetails()).containsEntry("status", "completed");
        assertThat(analysisEvents.readValuesToList()).singleElement()
                .satisfies(event -> assertThat(event.getPayload()).isEqualTo(new AnalysisCompleted(ThreatLevel.HIGH,
                        0.92, List.of("credential-phish"), "v2.1")));
        auditEvents.readValuesToList();

        CommandEnvelope second = envelope(ACME, analysisId, USER, result);
        send(second);

        CommandOutcome refused = onlyReplyTo(second);
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getRejection().getCode()).isEqualTo("ALREADY_FINAL");
        assertThat(analysisEvents.isEmpty()).isTrue();
        assertThat(auditEvents.readValuesToList()).singleElement()
                .satisfies(audit -> assertThat(audit.getOutcome()).isEqualTo(AuditOutcome.REJECTED));
    }

    @Test
    void aResultForAnUnknownAnalysisIsNotFound() {
        String unknown = AnalysisId.of(TenantId.of(ACME), UserId.of(ADA), "nope").value();
        CommandEnvelope result = envelope(ACME, unknown, USER,
                new CompleteAnalysis(ThreatLevel.SAFE, 0.1, List.of(), "v1"));

        send(result);

        assertThat(onlyReplyTo(result).getRejection().getCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void anotherTenantsAnalysisCannotBeGivenAResultNorToldApartFromAMissingOne() {
        CommandEnvelope request = requestAnalysis(ACME, "msg-1", "bob@evil.example");
        send(request);
        drain();
        Actor globexAnalyst = new Actor("6f1c2a1e-0000-4000-8000-0000000000aa", ActorKind.USER, "127.0.0.1", "test");

        CommandEnvelope result = envelope(GLOBEX, request.getAggregateId(), globexAnalyst,
                new CompleteAnalysis(ThreatLevel.SAFE, 0.1, List.of(), "v1"));
        send(result);

        CommandOutcome refused = onlyReplyTo(result);
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getRejection().getCode()).isEqualTo("NOT_FOUND");
        assertThat(refused.getAggregateVersion()).as("nothing of the analysis shows").isIn(null, 0L);
        assertThat(analysisEvents.isEmpty()).isTrue();
    }

    @Test
    void anotherTenantCannotRetireAnIndicatorWhichGoesOnMatching() {
        String id = reported(ACME, "evil.example", IndicatorType.DOMAIN, ThreatLevel.HIGH, 0.6);

        CommandEnvelope retire = envelope(GLOBEX, id, USER, new RetireIndicator("not yours"));
        send(retire);

        CommandOutcome refused = onlyReplyTo(retire);
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getRejection().getCode()).isEqualTo("NOT_FOUND");
        assertThat(intelEvents.isEmpty()).isTrue();
        send(requestAnalysis(ACME, "msg-1", "bob@evil.example"));
        assertThat(matchedOf(analysisEvents.readValuesToList()).getMatches()).hasSize(1);
    }

    @Test
    void aPurgeForgetsTheAnalysisWithoutAuditOrReply() {
        CommandEnvelope request = requestAnalysis(ACME, "msg-1", "bob@evil.example");
        send(request);
        drain();
        String analysisId = request.getAggregateId();
        clock.advance(Duration.ofDays(91));
        Instant cutoff = START.plus(Duration.ofDays(1));

        send(envelope(ACME, analysisId, WORKER, new PurgeAnalysis(cutoff, "run-1")));

        assertThat(analysisEvents.readValuesToList()).singleElement().satisfies(event -> {
            assertThat(event.getPayload()).isEqualTo(new AnalysisPurged(START, cutoff, "run-1"));
            assertThat(event.getEnvelope().getAggregateVersion()).isEqualTo(3L);
        });
        assertThat(auditEvents.isEmpty()).isTrue();
        assertThat(replies.isEmpty()).isTrue();
        assertThat(driver.getKeyValueStore(CommandProcessorTopology.ANALYSES_STORE).get(analysisId)).isNull();

        CommandEnvelope again = resent(request);
        send(again);
        assertThat(onlyReplyTo(again).getDetails()).as("a purged analysis is new again")
                .containsEntry("existing", "false");
    }

    @Test
    void anotherTenantsIndicatorNeverMatches() {
        reported(GLOBEX, "evil.example", IndicatorType.DOMAIN, ThreatLevel.CRITICAL, 0.9);
        reported(GLOBEX, "bob@evil.example", IndicatorType.EMAIL, ThreatLevel.CRITICAL, 0.9);

        send(requestAnalysis(ACME, "msg-1", "bob@evil.example", "https://evil.example/"));

        assertThat(matchedOf(analysisEvents.readValuesToList()).getMatches()).isEmpty();
    }

    @Test
    void aReportMergesIntoTheIndicatorAndAnswersWhetherItWasNew() {
        String id = IndicatorId.of(TenantId.of(ACME), dev.phishnet.commandapi.threatintel.IndicatorType.DOMAIN,
                "evil.example").value();
        CommandEnvelope first = report(ACME, "evil.example", IndicatorType.DOMAIN, ThreatLevel.HIGH, 0.6, "feed-a");
        send(first);
        assertThat(onlyReplyTo(first).getDetails()).containsEntry("created", "true");
        clock.advance(Duration.ofHours(1));

        CommandEnvelope second = report(ACME, "evil.example", IndicatorType.DOMAIN, ThreatLevel.CRITICAL, 0.7,
                "feed-b");
        send(second);

        CommandOutcome reply = onlyReplyTo(second);
        assertThat(reply.getAggregateId()).isEqualTo(id);
        assertThat(reply.getAggregateVersion()).isEqualTo(2L);
        assertThat(reply.getDetails()).containsEntry("created", "false");
        List<ThreatIntelEvent> events = intelEvents.readValuesToList();
        assertThat(events).hasSize(2).allSatisfy(event -> assertThat(event.getEnvelope().getAggregateId())
                .isEqualTo(id));
        IndicatorReported merged = (IndicatorReported) events.get(1).getPayload();
        assertThat(merged.getState().getSources()).containsExactly("feed-a", "feed-b");
        assertThat(merged.getState().getThreatLevel()).isEqualTo(ThreatLevel.CRITICAL);
        assertThat(merged.getState().getFirstSeenAt()).isEqualTo(START);
        assertThat(merged.getState().getLastSeenAt()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(merged.getState().getReports()).isEqualTo(2);
        assertThat(auditEvents.readValuesToList()).extracting(AuditEvent::getAction, AuditEvent::getResourceType)
                .containsOnly(tuple("threat-intel.report", "indicator"));
    }

    @Test
    void anIndicatorPurgeNamingItsLastSeenAtForgetsItAndAStaleOneIsDropped() {
        String id = reported(ACME, "evil.example", IndicatorType.DOMAIN, ThreatLevel.HIGH, 0.6);
        Instant cutoff = START.plus(Duration.ofDays(1));

        send(envelope(ACME, id, WORKER, new PurgeIndicator(START.minusSeconds(1), cutoff, "run-1")));
        assertThat(intelEvents.isEmpty()).as("reported since the worker looked").isTrue();

        send(envelope(ACME, id, WORKER, new PurgeIndicator(START, cutoff, "run-1")));

        assertThat(intelEvents.readValuesToList()).singleElement().satisfies(event -> assertThat(event.getPayload())
                .isEqualTo(new IndicatorPurged("evil.example", IndicatorType.DOMAIN, START, cutoff, "run-1")));
        assertThat(auditEvents.isEmpty()).isTrue();
        assertThat(replies.isEmpty()).isTrue();
        assertThat(driver.getKeyValueStore(CommandProcessorTopology.INDICATORS_STORE).get(id)).isNull();
    }

    @Test
    void aRetentionRunIsAuditedWithItsCutoffsAndCounts() {
        Instant cutoff = START.minus(Duration.ofDays(90));
        CommandEnvelope run = envelope(ACME, ACME, WORKER, new RecordRetentionRun("run-1",
                Map.of("analyses", cutoff.toEpochMilli()), Map.of("analyses", 12L)));

        send(run);

        assertThat(auditEvents.readValuesToList()).singleElement().satisfies(audit -> {
            assertThat(audit.getAction()).isEqualTo("retention.run");
            assertThat(audit.getResourceType()).isEqualTo("retention");
            assertThat(audit.getResourceId()).isEqualTo(ACME);
            assertThat(audit.getDetails()).containsExactlyInAnyOrderEntriesOf(Map.of("runId", "run-1",
                    "analyses.cutoff", cutoff.toString(), "analyses.count", "12"));
        });
        assertThat(replies.isEmpty()).isTrue();
    }

    @Test
    void anOperatorsProjectionActionIsAuditedAndAnswered() {
        CommandEnvelope retry = envelope(ACME, ACME, USER, new RecordProjectionAdminAction("projections.dlq.retry",
                "parked-1", Map.of("topic", "user-events")));

        send(retry);

        assertThat(onlyReplyTo(retry).getAccepted()).isTrue();
        assertThat(auditEvents.readValuesToList()).singleElement().satisfies(audit -> {
            assertThat(audit.getAction()).isEqualTo("projections.dlq.retry");
            assertThat(audit.getResourceType()).isEqualTo("projections");
            assertThat(audit.getResourceId()).isEqualTo("parked-1");
            assertThat(audit.getDetails()).containsExactlyEntriesOf(Map.of("topic", "user-events"));
        });
    }

    @Test
    void anUnknownProjectionActionIsRefusedAndAudited() {
        CommandEnvelope unknown = envelope(ACME, ACME, USER, new RecordProjectionAdminAction("projections.drop",
                "all", Map.of()));

        send(unknown);

        assertThat(onlyReplyTo(unknown).getAccepted()).isFalse();
        assertThat(auditEvents.readValuesToList()).singleElement()
                .satisfies(audit -> assertThat(audit.getOutcome().name()).isEqualTo("REJECTED"));
    }

    // --- fixtures

    private CommandEnvelope lastSent;

    private String reported(String tenant, String indicator, IndicatorType type, ThreatLevel level,
            double confidence) {
        CommandEnvelope command = report(tenant, indicator, type, level, confidence, "feed");
        send(command);
        assertThat(onlyReplyTo(command).getAccepted()).isTrue();
        drain();
        return command.getAggregateId();
    }

    private static CommandEnvelope report(String tenant, String indicator, IndicatorType type, ThreatLevel level,
            double confidence, String source) {
        String id = IndicatorId.of(TenantId.of(tenant),
                dev.phishnet.commandapi.threatintel.IndicatorType.valueOf(type.name()), indicator).value();
        return envelope(tenant, id, USER, new ReportIndicator(indicator, type, "phishing", level,
                confidence, source, List.of("kit"), null));
    }

    private static CommandEnvelope requestAnalysis(String tenant, String messageId, String sender, String... urls) {
        String id = AnalysisId.of(TenantId.of(tenant), UserId.of(ADA), messageId).value();
        return envelope(tenant, id, USER, new RequestAnalysis(ADA, messageId, "Your invoice",
                sender, "ada@acme.example", START.minusSeconds(60), List.of(urls)));
    }

    private static CommandEnvelope envelope(String tenant, String aggregateId, Actor actor, Object payload) {
        return new CommandEnvelope(UUID.randomUUID().toString(), UUID.randomUUID().toString(), tenant, aggregateId,
                START, actor, null, null, payload);
    }

    private static CommandEnvelope resent(CommandEnvelope command) {
        return CommandEnvelope.newBuilder(command).setCommandId(UUID.randomUUID().toString())
                .setCorrelationId(UUID.randomUUID().toString()).build();
    }

    /** Under the key the HTTP layer (or the worker) publishes it with. */
    private void send(CommandEnvelope command) {
        lastSent = command;
        commands.pipeInput(RoutingKeys.aggregate(command), command);
    }

    private void drain() {
        forwarded.readValuesToList();
        analysisEvents.readValuesToList();
        intelEvents.readValuesToList();
        auditEvents.readValuesToList();
        replies.readValuesToList();
    }

    private CommandOutcome onlyReplyTo(CommandEnvelope command) {
        List<KeyValue<String, CommandOutcome>> all = replies.readKeyValuesToList();
        assertThat(all).hasSize(1);
        assertThat(all.get(0).key).isEqualTo(command.getCorrelationId());
        return all.get(0).value;
    }

    private static IndicatorsMatched matchedOf(List<AnalysisEvent> events) {
        return events.stream().map(AnalysisEvent::getPayload).filter(IndicatorsMatched.class::isInstance)
                .map(IndicatorsMatched.class::cast).reduce((first, second) -> {
                    throw new AssertionError("matched twice");
                }).orElseThrow(() -> new AssertionError("never matched"));
    }
}
