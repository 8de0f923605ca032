package dev.phishnet.cleanup.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import dev.phishnet.cleanup.retention.RetentionPolicy;
import dev.phishnet.cleanup.testing.RetentionEvents;
import dev.phishnet.cleanup.testing.SessionEvents;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.PurgeAnalysis;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordRetentionRun;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.session.PurgeEndedSessions;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.threatintel.PurgeIndicator;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on a driven clock: days pass in one step of the driver's wall clock and of retention's clock together,
 * and each step runs one retention check.
 */
class RetentionTopologyTest {

    static final Duration CHECK = Duration.ofMinutes(1);
    static final CleanupTopology.Retention RETENTION = retention(10_000, Duration.ZERO);

    private static final String REGISTRY = "mock://retention-topology-test";
    private static final CleanupSerdes SERDES = CleanupSerdes.avro(
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY));
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final String TENANT = "tenant-a";
    private static final String OTHER_TENANT = "tenant-b";

    @TempDir
    Path stateDirs;

    private final MovableClock clock = new MovableClock(T0);
    private final List<Map<String, Long>> recordedRuns = new ArrayList<>();
    private final List<Consumer<RetentionTopologyTest>> input = new ArrayList<>();
    private TopologyTestDriver driver;
    private TestOutputTopic<String, CommandEnvelope> commands;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void analysesOlderThanTheirPeriodArePurgedAndYoungerOnesAreNot() {
        start(RETENTION);
        send(RetentionEvents.analysisRequested(TENANT, "old", T0));
        send(RetentionEvents.analysisRequested(TENANT, "young", T0.plus(Duration.ofDays(10))));

        advance(Duration.ofDays(90).minus(CHECK));
        assertThat(commands.isEmpty()).isTrue();

        advance(CHECK.multipliedBy(2));
        List<TestRecord<String, CommandEnvelope>> sent = commands.readRecordsToList();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).key()).isEqualTo("analysis:old");
        PurgeAnalysis purge = (PurgeAnalysis) sent.get(0).value().getPayload();
        assertThat(purge.getCutoff()).isEqualTo(clock.instant().minus(Duration.ofDays(90)));
        CommandEnvelope envelope = sent.get(0).value();
        assertThat(envelope.getAggregateId()).isEqualTo("old");
        assertThat(envelope.getTenantId()).isEqualTo(TENANT);
        assertThat(envelope.getActor().getKind()).isEqualTo(ActorKind.SYSTEM);
        assertThat(envelope.getActor().getId()).isEqualTo("cleanup-worker");
        assertThat(envelope.getIssuedAt()).isEqualTo(clock.instant());
        assertThat(sent.get(1).key()).isEqualTo("retention:" + TENANT);

        advance(Duration.ofDays(10));
        assertThat(payloads(PurgeAnalysis.class, commands.readRecordsToList())).hasSize(1);
    }

    @Test
    void aPurgeIsSentOnceWhileUnderwayAndThePurgedAnalysisIsForgotten() {
        start(RETENTION);
        send(RetentionEvents.analysisRequested(TENANT, "a1", T0));
        advance(Duration.ofDays(91));
        assertThat(payloads(PurgeAnalysis.class, commands.readRecordsToList())).hasSize(1);

        advance(CHECK.multipliedBy(3));
        assertThat(commands.isEmpty()).isTrue();

        send(RetentionEvents.analysisPurged(TENANT, "a1", T0, clock.instant()));
        assertThat(driver.getKeyValueStore(CleanupTopology.ANALYSES_STORE).approximateNumEntries()).isZero();
    }

    @Test
    void anIndicatorReportedAgainIsNotPurgedAtItsOldDeadline() {
        start(RETENTION);
        Instant reportedAgainAt = T0.plus(Duration.ofDays(200));
        send(RetentionEvents.indicatorReported(TENANT, "i1", T0));
        send(RetentionEvents.indicatorReported(TENANT, "i2", T0));
        advance(Duration.ofDays(200));
        send(RetentionEvents.indicatorReported(TENANT, "i1", reportedAgainAt));
        send(RetentionEvents.indicatorRetired(TENANT, "i2", T0, clock.instant()));

        advance(Duration.ofDays(165).plus(CHECK));
        List<TestRecord<String, CommandEnvelope>> atOldDeadline = commands.readRecordsToList();
        assertThat(atOldDeadline).extracting(TestRecord::key).containsExactly("intel:i2", "retention:" + TENANT);
        assertThat(((PurgeIndicator) atOldDeadline.get(0).value().getPayload()).getLastSeenAt()).isEqualTo(T0);

        advance(Duration.ofDays(200));
        List<TestRecord<String, CommandEnvelope>> atNewDeadline = commands.readRecordsToList();
        assertThat(atNewDeadline.get(0).key()).isEqualTo("intel:i1");
        PurgeIndicator purge = (PurgeIndicator) atNewDeadline.get(0).value().getPayload();
        assertThat(purge.getLastSeenAt()).isEqualTo(reportedAgainAt);
        assertThat(purge.getCutoff()).isEqualTo(clock.instant().minus(Duration.ofDays(365)));
    }

    @Test
    void endedSessionsArePurgedPerUserADayAfterTheyEnded() {
        start(RETENTION);
        send(RetentionEvents.loggedOut(TENANT, "u1", "s1", T0));
        send(RetentionEvents.revoked(TENANT, "u1", "s2", T0.plusSeconds(60)));
        send(RetentionEvents.evicted(TENANT, "u2", "s3", T0.plus(Duration.ofHours(2))));
        send(RetentionEvents.expired(TENANT, "u2", "s4", T0.plus(Duration.ofHours(2))));
        // Still live (and far from expiry): a start alone ages nothing.
        send(SessionEvents.started("live", T0.plus(Duration.ofDays(30)), T0.plus(Duration.ofDays(30))));

        advance(Duration.ofHours(24).plus(CHECK.multipliedBy(2)));
        List<TestRecord<String, CommandEnvelope>> first = commands.readRecordsToList();
        assertThat(first).extracting(TestRecord::key).containsExactly("user:u1", "retention:" + TENANT);
        assertThat(first.get(0).value().getPayload())
                .isEqualTo(new PurgeEndedSessions(clock.instant().minus(Duration.ofHours(24)),
                        ((PurgeEndedSessions) first.get(0).value().getPayload()).getRunId()));
        assertThat(first.get(0).value().getAggregateId()).isEqualTo("u1");
        assertThat(run(first.get(1)).getCounts()).containsEntry("sessions", 2L);

        advance(Duration.ofHours(2));
        List<TestRecord<String, CommandEnvelope>> second = commands.readRecordsToList();
        assertThat(second).extracting(TestRecord::key).containsExactly("user:u2", "retention:" + TENANT);
        assertThat(run(second.get(1)).getCounts()).containsEntry("sessions", 2L);

        send(RetentionEvents.sessionsPurged(TENANT, "u2", List.of("s3", "s4"), clock.instant()));
        send(RetentionEvents.sessionsPurged(TENANT, "u1", List.of("s1", "s2"), clock.instant()));
        assertThat(driver.getKeyValueStore(CleanupTopology.ENDED_SESSIONS_STORE).approximateNumEntries()).isZero();
    }

    @Test
    void auditEntriesAreCountedPerTenantAndWholeUtcDays() {
        start(RETENTION);
        Instant day1 = Instant.parse("2026-03-01T00:00:00Z");
        Instant day2 = day1.plus(Duration.ofDays(1));
        for (int i = 0; i < 3; i++) {
            send(RetentionEvents.audited(TENANT, "r" + i, day1.plus(Duration.ofHours(i * 10L))));
        }
        send(RetentionEvents.audited(TENANT, "r3", day2));
        send(RetentionEvents.audited(TENANT, "r4", day2.plus(Duration.ofHours(23))));
        for (int i = 0; i < 4; i++) {
            send(RetentionEvents.audited(OTHER_TENANT, "r" + i, day1.plusSeconds(i)));
        }

        // Day 1 is due once its last instant is 90 days old: at the start of day 2, 90 days on.
        advanceTo(day2.plus(Duration.ofDays(90)).minus(CHECK));
        assertThat(commands.isEmpty()).isTrue();
        advanceTo(day2.plus(Duration.ofDays(90)).plus(CHECK));

        List<RecordRetentionRun> runs = payloads(RecordRetentionRun.class, commands.readRecordsToList());
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).getCounts()).containsEntry("audit_logs", 3L).containsEntry("analyses", 0L);
        assertThat(runs.get(1).getCounts()).containsEntry("audit_logs", 4L);
        assertThat(runs.get(0).getCutoffs()).containsEntry("audit_logs", day2.toEpochMilli());

        advance(Duration.ofDays(1));
        runs = payloads(RecordRetentionRun.class, commands.readRecordsToList());
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).getCounts()).containsEntry("audit_logs", 2L);
        assertThat(runs.get(0).getCutoffs()).containsEntry("audit_logs", day2.plus(Duration.ofDays(1)).toEpochMilli());
    }

    @Test
    void eachTenantsRunRecordsEveryCutoffAndItsCountsAfterItsPurges() {
        start(RETENTION);
        send(RetentionEvents.analysisRequested(TENANT, "a1", T0));
        send(RetentionEvents.analysisRequested(TENANT, "a2", T0.plusSeconds(1)));
        send(RetentionEvents.analysisRequested(OTHER_TENANT, "b1", T0));
        send(RetentionEvents.loggedOut(OTHER_TENANT, "u9", "s9", T0));

        advance(Duration.ofDays(90).plus(CHECK));
        Instant now = clock.instant();
        List<TestRecord<String, CommandEnvelope>> sent = commands.readRecordsToList();
        assertThat(sent).extracting(TestRecord::key).containsExactly("analysis:a1", "analysis:b1", "analysis:a2",
                "user:u9", "retention:" + TENANT, "retention:" + OTHER_TENANT);

        TestRecord<String, CommandEnvelope> runOfA = sent.get(4);
        RecordRetentionRun run = run(runOfA);
        assertThat(run.getCounts()).isEqualTo(Map.of("analyses", 2L, "threat_intelligence", 0L, "sessions", 0L,
                "audit_logs", 0L));
        assertThat(run.getCutoffs()).isEqualTo(Map.of(
                "analyses", now.minus(Duration.ofDays(90)).toEpochMilli(),
                "threat_intelligence", now.minus(Duration.ofDays(365)).toEpochMilli(),
                "sessions", now.minus(Duration.ofHours(24)).toEpochMilli(),
                "audit_logs", Instant.parse("2026-03-01T00:00:00Z").toEpochMilli()));
        assertThat(runOfA.value().getAggregateId()).isEqualTo(TENANT);
        assertThat(runOfA.value().getCorrelationId()).isEqualTo(run.getRunId());
        // Every command of the run names it, so its audit entries read as one run.
        assertThat(((PurgeAnalysis) sent.get(0).value().getPayload()).getRunId()).isEqualTo(run.getRunId());
        assertThat(sent.get(0).value().getCorrelationId()).isEqualTo(run.getRunId());
        assertThat(run(sent.get(5)).getCounts()).containsEntry("analyses", 1L).containsEntry("sessions", 1L);
        assertThat(run(sent.get(5)).getRunId()).isNotEqualTo(run.getRunId());
        assertThat(recordedRuns).hasSize(2);

        // Nothing due, no run.
        advance(CHECK);
        assertThat(commands.isEmpty()).isTrue();
    }

    @Test
    void aRestartedWorkerStillPurgesWhatItsInputSaysIsDueAndNotWhatWasPurged() {
        send(RetentionEvents.analysisRequested(TENANT, "purged", T0));
        send(RetentionEvents.analysisRequested(TENANT, "kept", T0.plusSeconds(1)));
        send(RetentionEvents.indicatorReported(TENANT, "i1", T0));
        send(RetentionEvents.loggedOut(TENANT, "u1", "s1", T0));
        start(RETENTION);
        advance(Duration.ofDays(91));
        assertThat(commands.readRecordsToList()).extracting(TestRecord::key)
                .containsExactly("analysis:purged", "analysis:kept", "user:u1", "retention:" + TENANT);
        send(RetentionEvents.analysisPurged(TENANT, "purged", T0, clock.instant()));

        // A new instance with empty local state, reading the same topics from their start.
        driver.close();
        start(RETENTION);
        advance(Duration.ofDays(300));

        assertThat(commands.readRecordsToList()).extracting(TestRecord::key)
                .containsExactly("analysis:kept", "intel:i1", "user:u1", "retention:" + TENANT);
    }

    @Test
    void aRunSendsAtMostItsBoundOfCommandsAndTheRestInTheNextRunsOldestFirst() {
        start(retention(5, Duration.ZERO));
        for (int i = 0; i < 12; i++) {
            send(RetentionEvents.analysisRequested(TENANT, "a" + i, T0.plusSeconds(i)));
        }
        advance(Duration.ofDays(91));
        List<TestRecord<String, CommandEnvelope>> first = commands.readRecordsToList();
        advance(CHECK);
        List<TestRecord<String, CommandEnvelope>> second = commands.readRecordsToList();
        advance(CHECK);
        List<TestRecord<String, CommandEnvelope>> third = commands.readRecordsToList();

        assertThat(payloads(PurgeAnalysis.class, first)).hasSize(5);
        assertThat(payloads(PurgeAnalysis.class, second)).hasSize(5);
        assertThat(payloads(PurgeAnalysis.class, third)).hasSize(2);
        assertThat(run(first.get(5)).getCounts()).containsEntry("analyses", 5L);
        assertThat(run(third.get(2)).getCounts()).containsEntry("analyses", 2L);
        List<String> keys = new ArrayList<>();
        for (List<TestRecord<String, CommandEnvelope>> run : List.of(first, second, third)) {
            run.stream().map(TestRecord::key).filter(key -> key.startsWith("analysis:")).forEach(keys::add);
        }
        assertThat(keys).containsExactlyElementsOf(IntStream.range(0, 12).mapToObj(i -> "analysis:a" + i).toList());
    }

    @Test
    void theDrillOffsetRunsRetentionAheadButNeverSessionExpiry() {
        start(retention(10_000, Duration.ofDays(91)));
        send(RetentionEvents.analysisRequested(TENANT, "a1", T0));
        send(SessionEvents.started("live", T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(8))));

        advance(CHECK);

        List<TestRecord<String, CommandEnvelope>> sent = commands.readRecordsToList();
        assertThat(sent).extracting(TestRecord::key).containsExactly("analysis:a1", "retention:" + TENANT);
        PurgeAnalysis purge = (PurgeAnalysis) sent.get(0).value().getPayload();
        assertThat(purge.getCutoff()).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
        assertThat(sent.get(0).value().getIssuedAt()).isEqualTo(clock.instant());
    }

    static CleanupTopology.Retention retention(int maxCommandsPerRun, Duration clockOffset) {
        return new CleanupTopology.Retention(new RetentionPolicy(Duration.ofDays(90), Duration.ofDays(90),
                Duration.ofDays(365), Duration.ofHours(24)), CHECK, maxCommandsPerRun, clockOffset);
    }

    /** A driver on a new state directory, fed every event sent so far, as a worker started now would read it. */
    private void start(CleanupTopology.Retention retention) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "retention-topology-test");
        try {
            config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(stateDirs, "state").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CleanupTopology.Settings settings = new CleanupTopology.Settings("session-events", "analysis-events",
                "threat-intel-events", "audit-events", "commands", Duration.ofMillis(200), retention);
        driver = new TopologyTestDriver(CleanupTopology.build(settings, SERDES, ExpiryListener.NONE,
                (tenantId, counts) -> recordedRuns.add(Map.of(tenantId, (long) counts.size())), clock), config,
                clock.instant());
        commands = driver.createOutputTopic("commands", new StringDeserializer(), SERDES.commands().deserializer());
        input.forEach(event -> event.accept(this));
    }

    private void send(AnalysisEvent event) {
        feed(test -> test.driver.createInputTopic("analysis-events", new StringSerializer(),
                SERDES.analysisEvents().serializer()).pipeInput(event.getEnvelope().getAggregateId(), event));
    }

    private void send(ThreatIntelEvent event) {
        feed(test -> test.driver.createInputTopic("threat-intel-events", new StringSerializer(),
                SERDES.threatIntelEvents().serializer()).pipeInput(event.getEnvelope().getAggregateId(), event));
    }

    private void send(SessionEvent event) {
        feed(test -> test.driver.createInputTopic("session-events", new StringSerializer(),
                SERDES.sessionEvents().serializer()).pipeInput(event.getEnvelope().getAggregateId(), event));
    }

    private void send(AuditEvent event) {
        feed(test -> test.driver.createInputTopic("audit-events", new StringSerializer(),
                SERDES.auditEvents().serializer()).pipeInput(event.getResourceId(), event));
    }

    /** Sends now if a driver runs, and keeps the event for the next one: the topics outlive every instance. */
    private void feed(Consumer<RetentionTopologyTest> event) {
        input.add(event);
        if (driver != null) {
            event.accept(this);
        }
    }

    /** Moves retention's clock and the driver's wall clock together: one step, one retention check. */
    private void advance(Duration step) {
        clock.now = clock.now.plus(step);
        driver.advanceWallClockTime(step);
    }

    private void advanceTo(Instant instant) {
        advance(Duration.between(clock.now, instant));
    }

    private static RecordRetentionRun run(TestRecord<String, CommandEnvelope> record) {
        return (RecordRetentionRun) record.value().getPayload();
    }

    private static <T> List<T> payloads(Class<T> type, List<TestRecord<String, CommandEnvelope>> records) {
        return records.stream().map(record -> record.value().getPayload()).filter(type::isInstance).map(type::cast)
                .toList();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
