package dev.phishnet.commandapi.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.follow.TopicFollower;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.security.CorsSettings;
import dev.phishnet.commandapi.security.RateLimitSettings;
import dev.phishnet.commandapi.security.SecuritySettings;
import dev.phishnet.commandapi.token.TokenSettings;
import dev.phishnet.commandapi.security.RegistrationSettings;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.serde.AvroSerdeConfig;
import dev.phishnet.schemas.serde.AvroSerializer;
import dev.phishnet.schemas.user.DeactivateUser;
import dev.phishnet.service.SchemaRegistrySettings;
import dev.phishnet.service.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.util.unit.DataSize;

/**
 * The gateway against a real (embedded KRaft) broker, with a fake command processor that reads {@code commands} and
 * answers on {@code command-replies} in transactions, as the real one does with exactly-once.
 */
@EmbeddedKafka(partitions = 3, topics = {"commands", "command-replies"}, brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class KafkaCommandGatewayTest {

    private static final String REGISTRY = "mock://gateway-test";
    private static final String SILENT = "00000000-0000-0000-0000-000000000000";

    private final Map<String, String> keysSeen = new ConcurrentHashMap<>();
    private final AtomicBoolean processing = new AtomicBoolean(true);
    private final AtomicBoolean processorAssigned = new AtomicBoolean();
    private final ExecutorService processor = Executors.newSingleThreadExecutor();
    private TopicFollower<CommandOutcome> replies;
    private KafkaCommandGateway gateway;

    @BeforeEach
    void start(EmbeddedKafkaBroker broker) {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of(broker.getBrokersAsString()));
        // Long enough for a loaded 2-core machine to answer 50 concurrent commands; the silent test waits it out.
        CommandApiProperties settings = settings(Duration.ofSeconds(8));
        GatewayConfiguration configuration = new GatewayConfiguration();
        PendingReplies pending = configuration.pendingReplies();
        replies = configuration.replyListener(kafka, settings, pending);
        replies.start();
        gateway = configuration.commandGateway(kafka, settings, pending, replies);
        processor.submit(() -> fakeProcessor(broker.getBrokersAsString()));
        await().atMost(Duration.ofSeconds(20)).until(() -> replies.assigned() && processorAssigned.get());
    }

    @AfterEach
    void stop() throws InterruptedException {
        processing.set(false);
        processor.shutdown();
        processor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        gateway.close();
        replies.stop();
    }

    @Test
    void publishedCommandIsAnsweredWithItsOutcome() {
        String userId = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
        CommandEnvelope command = deactivate(userId);

        CommandOutcome outcome = gateway.send(RoutingKeys.user(UserId.of(userId)), command).block(Duration.ofSeconds(10));

        assertThat(outcome.getAccepted()).isTrue();
        assertThat(outcome.getCorrelationId()).isEqualTo(command.getCorrelationId());
        assertThat(outcome.getAggregateVersion()).isEqualTo(2L);
        assertThat(keysSeen).containsEntry(command.getCommandId(), "user:" + userId);
    }

    @Test
    void concurrentCommandsEachGetTheirOwnOutcome() {
        List<CommandEnvelope> commands = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> deactivate(java.util.UUID.randomUUID().toString())).toList();

        List<CommandOutcome> outcomes = reactor.core.publisher.Flux.fromIterable(commands)
                .flatMap(command -> gateway.send(RoutingKeys.user(UserId.of(command.getAggregateId())), command))
                .collectList().block(Duration.ofSeconds(30));

        assertThat(outcomes).extracting(CommandOutcome::getCommandId)
                .containsExactlyInAnyOrderElementsOf(commands.stream().map(CommandEnvelope::getCommandId).toList());
    }

    @Test
    void outcomeThatNeverComesIsUnknownNotGuessed() {
        CommandEnvelope command = deactivate(SILENT);

        assertThatThrownBy(() -> gateway.send(RoutingKeys.user(UserId.of(SILENT)), command).block(Duration.ofSeconds(20)))
                .isInstanceOf(CommandOutcomeUnknownException.class)
                .hasMessageContaining("no outcome within");
        await().atMost(Duration.ofSeconds(10)).until(() -> keysSeen.containsKey(command.getCommandId()));
    }

    /**
     * A broker that is away (a port that accepts connections and never answers): the producer gives up on its own
     * within the reply timeout ({@code max.block.ms}), so the request is told 503 without the exchange's timeout
     * having to cancel (and interrupt) a send blocked inside the producer.
     */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void commandToABrokerThatDoesNotAnswerIsUnknownAndTheProducerGaveUpByItself(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        try (var blackHole = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            KafkaProperties away = new KafkaProperties();
            away.setBootstrapServers(List.of("127.0.0.1:" + blackHole.getLocalPort()));
            GatewayConfiguration configuration = new GatewayConfiguration();
            KafkaCommandGateway unreachable = configuration.commandGateway(away, settings(Duration.ofSeconds(8)),
                    configuration.pendingReplies(), replies);
            try {
                CommandEnvelope command = deactivate(java.util.UUID.randomUUID().toString());

                assertThatThrownBy(() -> unreachable.send(RoutingKeys.user(UserId.of(command.getAggregateId())),
                        command).block(Duration.ofSeconds(20)))
                        .isInstanceOf(CommandOutcomeUnknownException.class)
                        .hasMessageContaining("command not published")
                        .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
                // The failure is logged, without the command (a user's data).
                assertThat(output).contains("Exception thrown when sending a message")
                        .doesNotContain(command.getCommandId());
            } finally {
                unreachable.close();
            }
        }
    }

    private void fakeProcessor(String bootstrap) {
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "fake-processor-" + java.util.UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY,
                AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fake-processor-" + java.util.UUID.randomUUID(),
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY);
        AvroDeserializer<CommandEnvelope> commands = new AvroDeserializer<>(CommandEnvelope.class);
        commands.configure(consumerConfig, false);
        AvroSerializer<CommandOutcome> outcomes = new AvroSerializer<>();
        outcomes.configure(producerConfig, false);
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), commands);
                var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), outcomes)) {
            consumer.subscribe(Set.of("commands"));
            producer.initTransactions();
            while (processing.get()) {
                var records = consumer.poll(Duration.ofMillis(100));
                processorAssigned.set(!consumer.assignment().isEmpty());
                for (ConsumerRecord<String, CommandEnvelope> record : records) {
                    CommandEnvelope command = record.value();
                    keysSeen.put(command.getCommandId(), record.key());
                    if (command.getAggregateId().equals(SILENT)) {
                        continue;
                    }
                    producer.beginTransaction();
                    producer.send(new ProducerRecord<>("command-replies", command.getCorrelationId(),
                            CommandOutcome.newBuilder()
                                    .setCommandId(command.getCommandId())
                                    .setCorrelationId(command.getCorrelationId())
                                    .setAggregateId(command.getAggregateId())
                                    .setAccepted(true)
                                    .setAggregateVersion(2L)
                                    .setDecidedAt(Instant.now())
                                    .build()));
                    producer.commitTransaction();
                }
            }
        }
    }

    private static CommandEnvelope deactivate(String userId) {
        Actor actor = Actor.newBuilder().setId("admin-1").setKind(ActorKind.USER).build();
        return CommandEnvelopes.of("acme", userId, actor, null, new DeactivateUser("left"),
                java.time.Clock.systemUTC());
    }

    private static CommandApiProperties settings(Duration replyTimeout) {
        Topic other = new Topic("unused", null, null);
        return new CommandApiProperties(
                new SchemaRegistrySettings(URI.create(REGISTRY)),
                new CommandApiProperties.Topics((short) 1, 3, new Topic("commands", 3, null),
                        new Topic("command-replies", 3, null), other, other, other, other, other),
                new CommandApiProperties.Processor(false, "unused", Path.of("unused"), Duration.ofMillis(100)),
                new CommandApiProperties.Http(DataSize.ofKilobytes(64), null, null, null, null),
                new CommandApiProperties.Commands(replyTimeout, Duration.ofSeconds(1), Duration.ofHours(24),
                        "test-idempotency-secret-of-at-least-32-characters"),
                new CommandApiProperties.Queries(Duration.ofSeconds(2)),
                new SecuritySettings(List.of()),
                new RegistrationSettings(false, "default"),
                new CommandApiProperties.Sessions(5, Duration.ofMinutes(30), Duration.ofHours(24), false,
                        "test-session-hash-secret-of-at-least-32-characters", Duration.ofMinutes(30),
                        new CommandApiProperties.Sessions.Lockout(5, Duration.ofMinutes(15), Duration.ofMinutes(1),
                                Duration.ofMinutes(15)),
                        new CommandApiProperties.Sessions.OneTimeCodes(Duration.ofMinutes(5), 5, 3,
                                Duration.ofMinutes(15), "none", null)),
                new TokenSettings("http://127.0.0.1:8080", Duration.ofMinutes(10), null, null),
                new RateLimitSettings(true, 60, 600, 100_000),
                new CorsSettings(null, List.of(), List.of(), List.of(), Duration.ofMinutes(30)));
    }
}
