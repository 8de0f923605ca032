package dev.phishnet.commandapi.gateway;

import java.util.HashMap;
import java.util.Map;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

    @Bean
    ReplyListener replyListener(KafkaProperties kafka, CommandApiProperties settings, PendingReplies pending) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.putAll(ReplyListener.consumerOverrides());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "command-api-replies");
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.schemaRegistry().url().toString());
        config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        return new ReplyListener(() -> {
            AvroDeserializer<CommandOutcome> values = new AvroDeserializer<>(CommandOutcome.class);
            values.configure(config, false);
            return new KafkaConsumer<>(config, new StringDeserializer(), values);
        }, settings.topics().commandReplies().name(), pending);
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
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.schemaRegistry().url().toString());
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean(destroyMethod = "close")
    KafkaCommandGateway commandGateway(KafkaProperties kafka, CommandApiProperties settings, PendingReplies pending,
            ReplyListener replies) {
        return new KafkaCommandGateway(new KafkaTemplate<>(commandProducerFactory(kafka, settings)),
                settings.topics().commands().name(), pending, replies, settings.commands().replyTimeout(),
                Schedulers.boundedElastic());
    }
}
