package dev.phishnet.importer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends commands to the {@code commands} topic (Avro, the registry's ids) and completes each with its reply from
 * {@code command-replies}, matched by correlation id. Replies are read from the end of every partition, as the API
 * reads them, from before the first command is sent; only committed replies (the processor writes in transactions).
 */
final class CommandSender implements AutoCloseable {

    private final String commandsTopic;
    private final Duration replyTimeout;
    private final KafkaProducer<String, CommandEnvelope> producer;
    private final KafkaConsumer<String, CommandOutcome> consumer;
    private final Map<String, CompletableFuture<CommandOutcome>> pending = new ConcurrentHashMap<>();
    private final Thread listener;
    private volatile boolean running = true;

    CommandSender(String bootstrapServers, String schemaRegistry, String commandsTopic, String repliesTopic,
            Duration replyTimeout) {
        this.commandsTopic = commandsTopic;
        this.replyTimeout = replyTimeout;
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "legacy-importer");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistry);
        AvroSerializer<CommandEnvelope> values = new AvroSerializer<>();
        values.configure(toMap(producerConfig), false);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), values);

        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "legacy-importer-replies");
        consumerConfig.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistry);
        consumerConfig.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        AvroDeserializer<CommandOutcome> replies = new AvroDeserializer<>(CommandOutcome.class);
        replies.configure(toMap(consumerConfig), false);
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), replies);
        List<TopicPartition> partitions = consumer.partitionsFor(repliesTopic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any command is sent
        this.listener = new Thread(this::listen, "legacy-importer-replies");
        listener.setDaemon(true);
        listener.start();
    }

    /** The reply to {@code command}; fails with a timeout when none comes within the reply timeout. */
    CompletableFuture<CommandOutcome> send(String key, CommandEnvelope command) {
        CompletableFuture<CommandOutcome> reply = new CompletableFuture<>();
        pending.put(command.getCorrelationId(), reply);
        producer.send(new ProducerRecord<>(commandsTopic, key, command), (metadata, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
            }
        });
        return reply.orTimeout(replyTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((outcome, error) -> pending.remove(command.getCorrelationId()));
    }

    private void listen() {
        try {
            while (running) {
                for (ConsumerRecord<String, CommandOutcome> record : consumer.poll(Duration.ofMillis(200))) {
                    CommandOutcome outcome = record.value();
                    if (outcome != null) {
                        CompletableFuture<CommandOutcome> waiting = pending.get(outcome.getCorrelationId());
                        if (waiting != null) {
                            waiting.complete(outcome);
                        }
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        producer.close(Duration.ofSeconds(10));
        running = false;
        consumer.wakeup();
        listener.join(10_000);
    }

    private static Map<String, Object> toMap(Properties properties) {
        Map<String, Object> map = new java.util.HashMap<>();
        properties.forEach((key, value) -> map.put((String) key, value));
        return map;
    }
}
