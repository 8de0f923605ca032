package dev.phishnet.commandapi.follow;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.user.UserEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the two followers from Boot's Kafka connection settings ({@code spring.kafka.*}) and ours. */
@Configuration(proxyBeanMethods = false)
public class FollowerConfiguration {

    /** How long a login waits for the followers to catch up before it answers 503. */
    private static final Duration CATCH_UP = Duration.ofSeconds(3);

    @Bean
    Credentials credentials() {
        return new Credentials();
    }

    @Bean
    SessionStatus sessionStatus(CommandApiProperties settings, MeterRegistry meters) {
        Timer propagation = Timer.builder("phishnet.sessions.end.propagation")
                .description("From the processor deciding that a session ended to this instance refusing its tokens")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        return new SessionStatus(Clock.systemUTC(), settings.sessions().revocationLookback(), propagation::record);
    }

    @Bean
    TopicFollower<UserEvent> credentialsFollower(KafkaProperties kafka, CommandApiProperties settings,
            Credentials credentials) {
        return new TopicFollower<>(settings.topics().userEvents().name(),
                consumers(kafka, settings, "command-api-credentials", UserEvent.class),
                TopicFollower.fromBeginning(), credentials::apply);
    }

    @Bean
    TopicFollower<SessionEvent> sessionStatusFollower(KafkaProperties kafka, CommandApiProperties settings,
            SessionStatus status) {
        Duration lookback = settings.sessions().revocationLookback();
        return new TopicFollower<>(settings.topics().sessionEvents().name(),
                consumers(kafka, settings, "command-api-session-status", SessionEvent.class),
                TopicFollower.since(() -> System.currentTimeMillis() - lookback.toMillis()), status::apply);
    }

    /** On the service's own admin client (service-support): end offsets are one request to the broker. */
    @Bean
    CatchUp catchUp(Admin admin) {
        return new CatchUp(admin, CATCH_UP);
    }

    @Bean
    FollowersHealthIndicator followersHealthIndicator(TopicFollower<UserEvent> credentialsFollower,
            TopicFollower<SessionEvent> sessionStatusFollower) {
        return new FollowersHealthIndicator(List.of(credentialsFollower, sessionStatusFollower));
    }

    private static <V> Supplier<Consumer<String, V>> consumers(KafkaProperties kafka, CommandApiProperties settings,
            String clientId, Class<V> type) {
        Map<String, Object> config = TopicFollower.consumerOverrides(kafka.buildConsumerProperties(), clientId);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.schemaRegistry().url().toString());
        config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        return () -> {
            AvroDeserializer<V> values = new AvroDeserializer<>(type);
            values.configure(config, false);
            return new KafkaConsumer<>(config, new StringDeserializer(), values);
        };
    }
}
