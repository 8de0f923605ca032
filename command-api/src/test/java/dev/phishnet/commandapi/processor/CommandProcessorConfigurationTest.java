package dev.phishnet.commandapi.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phishnet.commandapi.CommandApiProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class CommandProcessorConfigurationTest {

    private final CommandApiProperties.Processor processor = new CommandApiProperties.Processor(true,
            "phishnet-command-processor", Path.of("target/state"), Duration.ofMillis(100));

    @Test
    void staticMembershipFromSpringKafkaStreamsPropertiesGivesEachStreamThreadAnInstanceIdOfItsOwn() {
        var kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("broker:9092"));
        kafka.getStreams().getProperties().put("main.consumer.group.instance.id", "command-api-1");

        var config = new StreamsConfig(CommandProcessorConfiguration.streamsConfig(processor, kafka, null));

        assertThat(config.getString(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("phishnet-command-processor");
        assertThat(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        // A restarted instance comes back as the same members: no waiting for the killed ones' session timeout.
        assertThat(config.getMainConsumerConfigs("phishnet-command-processor", "client", 0))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "command-api-1-0");
        assertThat(config.getMainConsumerConfigs("phishnet-command-processor", "client", 1))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "command-api-1-1");
    }

    /** How run.sh and docker-compose set it. */
    @Test
    void theInstanceIdCanComeFromAnEnvironmentVariable() {
        var environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "SPRING_KAFKA_STREAMS_PROPERTIES_MAIN_CONSUMER_GROUP_INSTANCE_ID", "command-api-local"));
        var kafka = new Binder(ConfigurationPropertySources.from(environment))
                .bindOrCreate("spring.kafka", KafkaProperties.class);

        var config = new StreamsConfig(CommandProcessorConfiguration.streamsConfig(processor, kafka, null));

        assertThat(config.getMainConsumerConfigs("phishnet-command-processor", "client", 0))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "command-api-local-0");
    }

    @Test
    void withoutAnInstanceIdMembershipIsDynamic() {
        var kafka = new KafkaProperties();
        var config = new StreamsConfig(CommandProcessorConfiguration.streamsConfig(processor, kafka, null));

        assertThat(config.getMainConsumerConfigs("phishnet-command-processor", "client", 0))
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }
}
