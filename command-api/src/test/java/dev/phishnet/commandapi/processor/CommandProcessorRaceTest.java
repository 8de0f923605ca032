package dev.phishnet.commandapi.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.commandapi.token.TestSigningKeys;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.serde.AvroSerdes;
import dev.phishnet.schemas.serde.AvroSerializer;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserRegistered;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The real processor (Kafka Streams, exactly-once) on the embedded broker: fifty registrations of one address, from
 * fifty threads at once, yield one user and forty-nine refusals, each answered and audited exactly once.
 */
@SpringBootTest(properties = {
        "platform.schema-registry.url=" + CommandProcessorRaceTest.REGISTRY,
        "platform.processor.application-id=command-processor-race-test"})
@AutoConfigureWebTestClient
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class CommandProcessorRaceTest {

    static final String REGISTRY = "mock://command-processor-race";
    static final int RACERS = 50;
    static final String EMAIL = "race@example.com";

    private static final MongoServer mongo = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = mongo.bindAndGetConnectionString() + "/phishnet";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
        TestSigningKeys.register(registry);
        // Fresh per run: state left by an earlier run's broker would only be wiped and restored.
        registry.add("platform.processor.state-dir",
                () -> Path.of("target", "processor-state", UUID.randomUUID().toString()).toString());
    }

    @AfterAll
    static void stopMongo() {
        mongo.shutdownNow();
    }

    @Autowired
    WebTestClient web;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void fiftyConcurrentRegistrationsOfOneEmailMakeOneUserAndFortyNineConflicts() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> web.get()
                .uri("/actuator/health/commandProcessor").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP"));

        List<CommandEnvelope> sent = fireConcurrently();

        try (KafkaConsumer<String, CommandOutcome> replies = consumer("command-replies", CommandOutcome.class);
                KafkaConsumer<String, AuditEvent> audits = consumer("audit-events", AuditEvent.class);
                KafkaConsumer<String, UserEvent> events = consumer("user-events", UserEvent.class)) {
            List<CommandOutcome> outcomes = new ArrayList<>();
            List<AuditEvent> auditTrail = new ArrayList<>();
            List<UserEvent> userEvents = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                drain(replies, outcomes);
                drain(audits, auditTrail);
                drain(events, userEvents);
                assertThat(outcomes).hasSizeGreaterThanOrEqualTo(RACERS);
                assertThat(auditTrail).hasSizeGreaterThanOrEqualTo(RACERS);
                assertThat(userEvents).isNotEmpty();
            });
            // Every reply is committed with its events: once all replies are visible, no event can still come.
            drain(events, userEvents);

            assertThat(outcomes).hasSize(RACERS);
            assertThat(outcomes).extracting(CommandOutcome::getCommandId)
                    .containsExactlyInAnyOrderElementsOf(sent.stream().map(CommandEnvelope::getCommandId).toList());
            assertThat(outcomes).filteredOn(CommandOutcome::getAccepted).hasSize(1);
            assertThat(outcomes).filteredOn(outcome -> !outcome.getAccepted()).hasSize(RACERS - 1)
                    .allSatisfy(outcome -> {
                        assertThat(outcome.getRejection().getCode()).isEqualTo("CONFLICT");
                        assertThat(outcome.getRejection().getField()).isEqualTo("email");
                    });
            assertThat(auditTrail).hasSize(RACERS);
            assertThat(auditTrail).filteredOn(audit -> audit.getOutcome() == AuditOutcome.ACCEPTED).hasSize(1);
            assertThat(userEvents).hasSize(1);
            assertThat(userEvents.get(0).getPayload()).isInstanceOf(UserRegistered.class);
            String winner = outcomes.stream().filter(CommandOutcome::getAccepted).findFirst().orElseThrow()
                    .getAggregateId();
            assertThat(userEvents.get(0).getEnvelope().getAggregateId()).isEqualTo(winner);
        }
    }

    private List<CommandEnvelope> fireConcurrently() throws Exception {
        List<CommandEnvelope> commands = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            commands.add(Commands.register(Commands.newUserId(), "tenant-" + (i % 3), EMAIL));
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class,
                "schema.registry.url", REGISTRY);
        ExecutorService racers = Executors.newFixedThreadPool(RACERS);
        try (KafkaProducer<String, CommandEnvelope> producer = new KafkaProducer<>(config)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> sends = new ArrayList<>();
            for (CommandEnvelope command : commands) {
                sends.add(racers.submit(() -> {
                    go.await();
                    return producer.send(new ProducerRecord<>("commands", "email:" + EMAIL, command)).get();
                }));
            }
            go.countDown();
            for (Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        } finally {
            racers.shutdownNow();
        }
        return commands;
    }

    private <T extends SpecificRecord> KafkaConsumer<String, T> consumer(String topic, Class<T> type) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "race-test-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroSerdes.specific(type, Map.of("schema.registry.url", REGISTRY), false).deserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static <T> void drain(KafkaConsumer<String, T> consumer, List<T> into) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> into.add(record.value()));
    }
}
