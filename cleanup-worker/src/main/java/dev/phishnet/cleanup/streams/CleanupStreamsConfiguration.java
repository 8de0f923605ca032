package dev.phishnet.cleanup.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

import dev.phishnet.schemas.registry.SchemaRegistryUnreachableException;
import dev.phishnet.service.streams.StreamsApplication;
import dev.phishnet.service.streams.StreamsHealthIndicator;
import dev.phishnet.cleanup.CleanupWorkerProperties;
import dev.phishnet.cleanup.retention.RetentionCategory;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the worker's Streams application from {@code platform.*}: its topology, configuration, health and metrics. */
@Configuration(proxyBeanMethods = false)
class CleanupStreamsConfiguration {

    static final String LATENESS_TIMER = "cleanup.sessions.expiry.lateness";
    static final String PURGED_COUNTER = "cleanup.retention.purged";

    /** A stream thread that dies because the registry is away is replaced (exactly-once aborted the rest). */
    @Bean
    StreamsApplication cleanupStreams(CleanupWorkerProperties properties, KafkaProperties kafka, MeterRegistry meters,
            Clock clock) {
        Map<String, String> serdeConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                properties.schemaRegistry().url().toString());
        return new StreamsApplication("cleanup worker",
                CleanupTopology.build(settings(properties), CleanupSerdes.avro(serdeConfig), lateness(meters),
                        purged(meters), clock),
                streamsConfig(properties, kafka), properties.worker().closeTimeout(), () -> { },
                error -> StreamsApplication.causedBy(error, SchemaRegistryUnreachableException.class));
    }

    /** Retention's clock; a test replaces it to drive retention through days in seconds. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    static CleanupTopology.Settings settings(CleanupWorkerProperties properties) {
        CleanupWorkerProperties.Topics topics = properties.topics();
        CleanupWorkerProperties.Retention retention = properties.retention();
        return new CleanupTopology.Settings(topics.sessionEvents().name(), topics.analysisEvents().name(),
                topics.threatIntelEvents().name(), topics.auditEvents().name(), topics.commands().name(),
                properties.sessions().expiryCheckInterval(),
                new CleanupTopology.Retention(retention.policy(), retention.checkInterval(),
                        retention.maxCommandsPerRun(), retention.clockOffset()));
    }

    /** Named so that the health component is {@code cleanupStreams}. */
    @Bean
    StreamsHealthIndicator cleanupStreamsHealthIndicator(StreamsApplication streams) {
        return new StreamsHealthIndicator(streams);
    }

    static Properties streamsConfig(CleanupWorkerProperties properties, KafkaProperties kafka) {
        CleanupWorkerProperties.Worker worker = properties.worker();
        Properties config = new Properties();
        config.putAll(kafka.buildStreamsProperties());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, worker.applicationId());
        config.put(StreamsConfig.STATE_DIR_CONFIG, worker.stateDir().toAbsolutePath().normalize().toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, worker.commitInterval().toMillis());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) properties.topics().replicationFactor());
        // It reads and writes only Kafka: the stores, the commands sent and the offsets read commit atomically, so
        // a restart neither sends a due session's command twice nor loses it. Exactly-once also reads committed only.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipUndecodableRecords.class);
        return config;
    }

    /**
     * {@code cleanup.sessions.expiry.lateness}: how long after its deadline each expiry command was sent. Registered
     * at start-up, so that a scrape shows it (at zero) before the first session expires.
     */
    static ExpiryListener lateness(MeterRegistry meters) {
        Timer timer = Timer.builder(LATENESS_TIMER)
                .description("How long after its deadline a session's expiry command was sent")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
        return (dueAt, sentAt) -> timer.record(Duration.between(dueAt, sentAt));
    }

    /**
     * {@code cleanup.retention.purged{category}}: items each retention run found due (purge commands sent; audit
     * entries due), per category. Registered at start-up, so that a scrape shows them (at zero) before the first run.
     */
    static RetentionListener purged(MeterRegistry meters) {
        Map<RetentionCategory, Counter> counters = new EnumMap<>(RetentionCategory.class);
        for (RetentionCategory category : RetentionCategory.values()) {
            counters.put(category, Counter.builder(PURGED_COUNTER).tag("category", category.key())
                    .description("Items retention runs found past their period, per category")
                    .register(meters));
        }
        return (tenantId, counts) -> counts.forEach((category, items) -> counters.get(category).increment(items));
    }
}
