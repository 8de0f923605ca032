package dev.phishnet.projector.aggregates;

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

class AggregatesStreamsConfigurationTest {

    @Test
    void aggregatesRunExactlyOnceUnderTheirOwnIdInADirectoryOfTheProjectorsStateWithItsCommitInterval() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("broker:9092"));
        Topic topic = new Topic("t", null, null);
        ProjectorProperties properties = new ProjectorProperties(new SchemaRegistrySettings(URI.create("mock://x")),
                new ProjectorProperties.Topics((short) 3, 6, topic, topic, topic, topic, topic, topic),
                new ProjectorProperties.Projector("projector-x", Path.of("state"), Duration.ofMillis(150), 2,
                        Duration.ofSeconds(5), Duration.ofMinutes(2)),
                new ProjectorProperties.Aggregates("aggregates-x"),
                new ProjectorProperties.Retention(new ProjectorProperties.Purge(1000, Duration.ofMillis(50),
                        Duration.ofSeconds(5))));

        Properties config = AggregatesStreamsConfiguration.streamsConfig(properties, kafka);

        assertThat(config)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "aggregates-x")
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG,
                        Path.of("state", "aggregates").toAbsolutePath().toString())
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 150L)
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3)
                // Two minutes waiting out a MongoDB outage, and a minute for the batch: the thread keeps its group.
                .containsEntry("consumer.max.poll.interval.ms", 180_000);
        assertThat(config.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)).asString().contains("broker:9092");
    }
}
