package dev.phishnet.cleanup;

import static dev.phishnet.cleanup.testing.SessionEvents.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.phishnet.cleanup.testing.SessionEvents;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerializer;
import dev.phishnet.schemas.session.ExpireSession;
import dev.phishnet.schemas.session.SessionEvent;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The worker as deployed, on a real broker, against the real clock: a session whose deadline passes gets one
 * {@code ExpireSession} on {@code commands}, and so does one that fell due while the worker was down, once a new
 * instance (with empty local state, restored from the changelogs) takes over.
 */
@EmbeddedKafka(brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class SessionExpiryEndToEndTest {

    private static final String REGISTRY = "mock://session-expiry-end-to-end";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Pattern LATENESS_COUNT =
            Pattern.compile("(?m)^cleanup_sessions_expiry_lateness_seconds_count(?:\\{[^}]*})? (\\S+)$");

    @Test
    void aSessionPastItsDeadlineIsExpiredOnceAlsoWhenItFellDueWhileTheWorkerWasDown(EmbeddedKafkaBroker broker)
            throws Exception {
        String bootstrap = broker.getBrokersAsString();
        createCommandsAsCommandApiDoes(bootstrap);
        List<ConsumerRecord<String, CommandEnvelope>> sent = new ArrayList<>();
        ConfigurableApplicationContext worker = null;
        try (KafkaProducer<String, SessionEvent> events = producer(bootstrap);
                KafkaConsumer<String, CommandEnvelope> commands = commandsReader(bootstrap)) {
            worker = startWorker(bootstrap);
            awaitRunning(worker);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            // Due once the first instance has stopped, with seconds to spare on a busy machine.
            Instant overdueAt = now.plusSeconds(8);
            send(events, SessionEvents.started(USER, "due-soon", now.plusSeconds(1), now.plusSeconds(3600)));
            send(events, SessionEvents.started(USER, "never-due", now.plusSeconds(3600), now.plusSeconds(7200)));
            RecordMetadata dueWhileDown = send(events,
                    SessionEvents.started(USER, "due-while-down", overdueAt, overdueAt.plusSeconds(3600)));

            await().atMost(DEADLINE).until(() -> expiredSessions(read(commands, sent)).contains("due-soon"));
            awaitCommitted(bootstrap, dueWhileDown);
            worker.close();
            await().atMost(DEADLINE).until(() -> Instant.now().isAfter(overdueAt));

            Instant restartedAt = Instant.now();
            worker = startWorker(bootstrap);
            await().atMost(DEADLINE).until(() -> expiredSessions(read(commands, sent)).contains("due-while-down"));

            // One user, so one partition of commands: a repeat of due-soon would have come before due-while-down.
            assertThat(expiredSessions(sent)).containsExactly("due-soon", "due-while-down");
            assertThat(sent).allSatisfy(record -> assertThat(record.key()).isEqualTo("user:" + USER));
            CommandEnvelope afterRestart = sent.get(1).value();
            assertThat(((ExpireSession) afterRestart.getPayload()).getDueAt()).isEqualTo(overdueAt);
            assertThat(afterRestart.getIssuedAt()).isAfter(restartedAt);
            assertThat(latenessCount(worker)).isEqualTo(1.0);
        } finally {
            if (worker != null) {
                worker.close();
            }
        }
    }

    private static ConfigurableApplicationContext startWorker(String bootstrap) {
        // A new state directory each time: what the second instance knows, it restored from the changelogs.
        Path stateDir = Path.of("target", "streams-state-" + UUID.randomUUID());
        return new SpringApplicationBuilder(CleanupWorkerApplication.class).run(
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--platform.schema-registry.url=" + REGISTRY,
                "--platform.worker.state-dir=" + stateDir,
                "--server.port=0");
    }

    private static void awaitRunning(ConfigurableApplicationContext worker) {
        WebTestClient web = web(worker);
        await().atMost(DEADLINE).untilAsserted(() -> web.get().uri("/actuator/health/cleanupStreams").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.details.state").isEqualTo("RUNNING"));
    }

    private static double latenessCount(ConfigurableApplicationContext worker) {
        String scrape = web(worker).get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Matcher count = LATENESS_COUNT.matcher(String.valueOf(scrape));
        assertThat(count.find()).as("lateness count in %s", scrape).isTrue();
        return Double.parseDouble(count.group(1));
    }

    private static WebTestClient web(ConfigurableApplicationContext worker) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port"))
                .build();
    }

    /** Waits until the worker has committed its reading of {@code event}: its state then holds the session. */
    private static void awaitCommitted(String bootstrap, RecordMetadata event) {
        TopicPartition partition = new TopicPartition(event.topic(), event.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(DEADLINE).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("phishnet-cleanup-worker")
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).get(partition);
                return committed != null && committed.offset() > event.offset();
            });
        }
    }

    /** As command-api creates it when it starts first: the worker must take the topic as it finds it. */
    private static void createCommandsAsCommandApiDoes(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("commands", 6, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000")))).all().get(10, TimeUnit.SECONDS);
        }
    }

    private static RecordMetadata send(KafkaProducer<String, SessionEvent> producer, SessionEvent event)
            throws Exception {
        return producer.send(new ProducerRecord<>("session-events", event.getEnvelope().getAggregateId(), event))
                .get(10, TimeUnit.SECONDS);
    }

    /** Everything on {@code commands} so far, appended to {@code sent} as it arrives. */
    private static List<ConsumerRecord<String, CommandEnvelope>> read(KafkaConsumer<String, CommandEnvelope> commands,
            List<ConsumerRecord<String, CommandEnvelope>> sent) {
        commands.poll(Duration.ofMillis(200)).forEach(sent::add);
        return sent;
    }

    private static List<String> expiredSessions(List<ConsumerRecord<String, CommandEnvelope>> records) {
        return records.stream().map(record -> ((ExpireSession) record.value().getPayload()).getSessionId()).toList();
    }

    private static KafkaProducer<String, SessionEvent> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY));
    }

    private static KafkaConsumer<String, CommandEnvelope> commandsReader(String bootstrap) {
        KafkaConsumer<String, CommandEnvelope> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY,
                AvroSerdeConfig.SPECIFIC_AVRO_READER, true));
        consumer.assign(consumer.partitionsFor("commands").stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList());
        return consumer;
    }
}
