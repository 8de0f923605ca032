package dev.phishnet.commandapi.gateway;

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
        // Metadata waits block the caller: keep them within the time a request may wait at all.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.commands().replyTimeout().toMillis());
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

    @Bean(destroyMethod = "close")
    KafkaCommandGateway commandGateway(KafkaProperties kafka, CommandApiProperties settings, PendingReplies pending,
            TopicFollower<CommandOutcome> replies) {
        return new KafkaCommandGateway(new KafkaTemplate<>(commandProducerFactory(kafka, settings)),
                settings.topics().commands().name(), pending, replies, settings.commands().replyTimeout(),
                Schedulers.boundedElastic());
    }
}
