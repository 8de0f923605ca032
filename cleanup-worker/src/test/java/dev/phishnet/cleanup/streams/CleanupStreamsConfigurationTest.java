package dev.phishnet.cleanup.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import dev.phishnet.cleanup.CleanupWorkerProperties;
import dev.phishnet.service.SchemaRegistrySettings;
import dev.phishnet.service.topics.Topic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

class CleanupStreamsConfigurationTest {

    @Test
    void streamsRunExactlyOnceWithTheConfiguredIdStateAndCommitInterval() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("broker:9092"));

        Properties config = CleanupStreamsConfiguration.streamsConfig(properties(), kafka);

        assertThat(config)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "cleanup-x")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, Path.of("state").toAbsolutePath().toString())
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 150L)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        SkipUndecodableRecords.class);
        assertThat(config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).asString().contains("broker:9092");
    }

    @Test
    void anExpiryCheckIntervalThatIsNotPositiveIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CleanupWorkerProperties.Sessions(Duration.ZERO))
                .withMessageContaining("platform.sessions.expiry-check-interval");
    }

    @Test
    void retentionSettingsThatCannotRunAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CleanupWorkerProperties.Retention(Duration.ZERO,
                Duration.ofDays(90), Duration.ofDays(365), Duration.ofHours(24), Duration.ofMinutes(1), 10_000,
                Duration.ZERO)).withMessageContaining("platform.retention.analyses");
        assertThatIllegalArgumentException().isThrownBy(() -> new CleanupWorkerProperties.Retention(
                Duration.ofDays(90), Duration.ofDays(90), Duration.ofDays(365), Duration.ofHours(24),
                Duration.ofMinutes(1), 0, Duration.ZERO)).withMessageContaining("max-commands-per-run");
        assertThatIllegalArgumentException().isThrownBy(() -> retention(Duration.ofDays(-1)))
                .withMessageContaining("platform.retention.clock-offset");
    }

    @Test
    void theTopologyReadsEveryTopicThatAgesAndRetentionRunsOnTheConfiguredPeriods() {
        CleanupTopology.Settings settings = CleanupStreamsConfiguration.settings(properties());

        assertThat(settings.retention().policy().analyses()).isEqualTo(Duration.ofDays(90));
        assertThat(settings.retention().policy().threatIntel()).isEqualTo(Duration.ofDays(365));
        assertThat(settings.retention().policy().endedSessions()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.retention().checkInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.retention().maxCommandsPerRun()).isEqualTo(10_000);
    }

    private static CleanupWorkerProperties properties() {
        Topic topic = new Topic("t", null, null);
        return new CleanupWorkerProperties(new SchemaRegistrySettings(URI.create("mock://x")),
                new CleanupWorkerProperties.Topics((short) 3, 6, topic, topic, topic, topic, topic),
                new CleanupWorkerProperties.Worker("cleanup-x", Path.of("state"), Duration.ofMillis(150),
                        Duration.ofSeconds(5)),
                new CleanupWorkerProperties.Sessions(Duration.ofMillis(200)), retention(Duration.ZERO));
    }

    private static CleanupWorkerProperties.Retention retention(Duration clockOffset) {
        return new CleanupWorkerProperties.Retention(Duration.ofDays(90), Duration.ofDays(90), Duration.ofDays(365),
                Duration.ofHours(24), Duration.ofMinutes(1), 10_000, clockOffset);
    }
}
