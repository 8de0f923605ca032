package dev.phishnet.projector.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import dev.phishnet.projector.ProjectorProperties;
import dev.phishnet.service.SchemaRegistrySettings;
import dev.phishnet.service.topics.Topic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

class ProjectorStreamsConfigurationTest {

    @Test
    void streamsRunAtLeastOnceOverCommittedRecordsWithTheConfiguredIdStateAndCommitInterval() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("broker:9092"));

        Properties config = ProjectorStreamsConfiguration.streamsConfig(properties(), kafka);

        assertThat(config)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "projector-x")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG, Path.of("state").toAbsolutePath().toString())
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 150L)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)
                .containsEntry("consumer.isolation.level", "read_committed")
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                // Two minutes waiting out a MongoDB outage, and a minute for the batch: the thread keeps its group.
                .containsEntry("consumer.max.poll.interval.ms", 180_000);
        assertThat(config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).asString().contains("broker:9092");
    }

    private static ProjectorProperties properties() {
        Topic topic = new Topic("t", null, null);
        return new ProjectorProperties(new SchemaRegistrySettings(URI.create("mock://x")),
                new ProjectorProperties.Topics((short) 3, 6, topic, topic, topic, topic, topic, topic),
                new ProjectorProperties.Projector("projector-x", Path.of("state"), Duration.ofMillis(150), 1,
                        Duration.ofSeconds(5), Duration.ofMinutes(2)),
                new ProjectorProperties.Aggregates("aggregates-x"),
                new ProjectorProperties.Retention(new ProjectorProperties.Purge(1000, Duration.ofMillis(50),
                        Duration.ofSeconds(5))));
    }
}
