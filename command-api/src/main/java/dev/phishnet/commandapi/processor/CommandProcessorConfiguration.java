package dev.phishnet.commandapi.processor;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.session.Lockout;
import dev.phishnet.commandapi.session.OneTimeCodePolicy;
import dev.phishnet.commandapi.session.SessionPolicy;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.service.topics.Topic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Wires the command processor from {@code platform.processor.*}; off with {@code platform.processor.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "platform.processor.enabled", havingValue = "true", matchIfMissing = true)
class CommandProcessorConfiguration {

    @Bean
    CommandProcessor commandProcessor(CommandApiProperties properties, KafkaProperties kafka) {
        CommandApiProperties.Topics topics = properties.topics();
        CommandProcessorTopics names = new CommandProcessorTopics(topics.commands().name(),
                topics.commandReplies().name(), topics.userEvents().name(), topics.sessionEvents().name(),
                topics.analysisEvents().name(), topics.threatIntelEvents().name(), topics.auditEvents().name());
        Map<String, Object> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                properties.schemaRegistry().url().toString());
        return new CommandProcessor(
                CommandProcessorTopology.build(names, CommandProcessorSerdes.avro(serdeConfig), Clock.systemUTC(),
                        properties.commands().idempotencyWindow(), sessionPolicy(properties.sessions())),
                streamsConfig(properties.processor(), kafka, largestRecord(topics)));
    }

    /** Named so that the health component is {@code commandProcessor}. */
    @Bean
    CommandProcessorHealthIndicator commandProcessorHealthIndicator(CommandProcessor processor) {
        return new CommandProcessorHealthIndicator(processor);
    }

    static SessionPolicy sessionPolicy(CommandApiProperties.Sessions sessions) {
        CommandApiProperties.Sessions.Lockout lockout = sessions.lockout();
        CommandApiProperties.Sessions.OneTimeCodes codes = sessions.oneTimeCodes();
        return new SessionPolicy(sessions.maxSessions(), sessions.idleTimeout(), sessions.absoluteTimeout(),
                sessions.bindUserAgent(),
                new Lockout(lockout.threshold(), lockout.window(), lockout.firstLock(), lockout.maxLock()),
                new OneTimeCodePolicy(codes.validity(), codes.maxAttempts(), codes.maxIssued(), codes.issueWindow()));
    }

    /**
     * The largest record the processor may have to write: it forwards commands (an analysis request with its URLs)
     * and writes them into events; null when no topic it writes raises the broker's default.
     */
    static Long largestRecord(CommandApiProperties.Topics topics) {
        return Stream.of(topics.commands(), topics.analysisEvents(), topics.threatIntelEvents(),
                        topics.userEvents(), topics.sessionEvents(), topics.auditEvents(), topics.commandReplies())
                .map(Topic::maxMessageBytes).filter(Objects::nonNull).map(DataSize::toBytes)
                .max(Long::compare).orElse(null);
    }

    static Properties streamsConfig(CommandApiProperties.Processor processor, KafkaProperties kafka,
            Long maxRequestSize) {
        Properties config = new Properties();
        // spring.kafka.streams.properties.* first, as the other services' applications take them: e.g. static
        // membership (main.consumer.group.instance.id), which run.sh sets so that a restarted processor takes its
        // partitions back at once instead of after the killed one's session timeout.
        config.putAll(kafka.buildStreamsProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, processor.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.getBootstrapServers()));
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, processor.commitInterval().toMillis());
        config.put(StreamsConfig.STATE_DIR_CONFIG, processor.stateDir().toAbsolutePath().normalize().toString());
        // A command that cannot be decoded can never be decided; stopping on it would stop every other command too.
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);
        if (maxRequestSize != null) {
            config.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                    Math.toIntExact(maxRequestSize));
        }
        return config;
    }
}
