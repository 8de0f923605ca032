package dev.phishnet.commandapi.gateway;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.follow.TopicFollower;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerializer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.LoggingProducerListener;
import reactor.core.scheduler.Schedulers;

/**
 * Wires the gateway from Boot's Kafka connection settings ({@code spring.kafka.*}) and ours. Its producer and
 * consumer are its own, not beans, so that Boot's defaults stay in place for other users of Kafka in this service.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    PendingReplies pendingReplies() {
        return new PendingReplies();
    }

    /**
     * Follows every partition of {@code command-replies} from its end and hands each outcome to the request waiting
     * for it. No consumer group: each instance reads all replies (they are small) and keeps those it waits for, so a
     * reply reaches its request whichever partition it lands on and however many instances run. Only committed
     * replies are read (the processor writes them in transactions).
     */
    @Bean
    TopicFollower<CommandOutcome> replyListener(KafkaProperties kafka, CommandApiProperties settings,
            PendingReplies pending) {
        Map<String, Object> config = TopicFollower.consumerOverrides(kafka.buildConsumerProperties(),
                "command-api-replies");
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.schemaRegistry().url().toString());
        config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        return new TopicFollower<>(settings.topics().commandReplies().name(), () -> {
            AvroDeserializer<CommandOutcome> values = new AvroDeserializer<>(CommandOutcome.class);
            values.configure(config, false);
            return new KafkaConsumer<>(config, new StringDeserializer(), values);
        }, TopicFollower.atEnd(), (key, outcome) -> pending.complete(outcome.getCorrelationId(), outcome));
    }

    /** Not a bean: a ProducerFactory bean would switch off Boot's own (and the KafkaTemplate built on it). */
    static DefaultKafkaProducerFactory<String, CommandEnvelope> commandProducerFactory(KafkaProperties kafka,
            CommandApiProperties settings) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "command-api-commands");
        config.putAll(deliveryBounds(settings.commands().replyTimeout()));
        // An analysis request may carry 500 URLs: as large a record as the commands topic takes.
        if (settings.topics().commands().maxMessageBytes() != null) {
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    Math.toIntExact(settings.topics().commands().maxMessageBytes().toBytes()));
        }
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.schemaRegistry().url().toString());
        return new DefaultKafkaProducerFactory<>(config);
    }

    /**
     * The producer's own limits, within the reply timeout, so that a broker that is away costs a request no more than
     * that and a command answered 503 is not published long after:
     * <ul>
     *   <li>{@code max.block.ms}, how long {@code send} may block its caller waiting for metadata: half the reply
     *       timeout, so that the send gives up by itself (and the request answers 503) before the exchange's own
     *       timeout has to cancel it, which would interrupt the publishing thread inside the producer;</li>
     *   <li>{@code delivery.timeout.ms}, how long a command may wait in the producer's buffer for the broker: the reply
     *       timeout (with {@code request.timeout.ms} fitting inside it, as the producer requires). Past it the command
     *       is dropped rather than published after its client was told 503: a command answered 503 is either stored
     *       within {@code max.block.ms + delivery.timeout.ms} of its request or never (unless it was already on the
     *       wire when the broker went away).</li>
     * </ul>
     */
    static Map<String, Object> deliveryBounds(Duration replyTimeout) {
        long delivery = replyTimeout.toMillis();
        int linger = 5;
        return Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(1, delivery / 2),
                ProducerConfig.LINGER_MS_CONFIG, linger,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, Math.min(30_000, delivery - linger)));
    }

    @Bean(destroyMethod = "close")
    KafkaCommandGateway commandGateway(KafkaProperties kafka, CommandApiProperties settings, PendingReplies pending,
            TopicFollower<CommandOutcome> replies) {
        KafkaTemplate<String, CommandEnvelope> template = new KafkaTemplate<>(commandProducerFactory(kafka, settings));
        // A failed send (the broker away) is logged without the command: its payload is a user's data.
        LoggingProducerListener<String, CommandEnvelope> failures = new LoggingProducerListener<>();
        failures.setIncludeContents(false);
        template.setProducerListener(failures);
        return new KafkaCommandGateway(template, settings.topics().commands().name(), pending, replies,
                settings.commands().replyTimeout(), Schedulers.boundedElastic());
    }
}
