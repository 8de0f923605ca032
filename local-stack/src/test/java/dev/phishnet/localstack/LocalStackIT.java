package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.serde.AvroSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ./run.sh end to end, on free ports and a fresh data directory so that it never meets a developer's
 * running stack: everything comes up healthy, a record written through our serde survives a Ctrl-C and a
 * restart, and its schema id still resolves in the restarted registry (its H2 file kept the ids).
 */
class LocalStackIT {

    static final String TOPIC = "audit-events";
    static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    static final List<String> SERVICES = List.of("command-api", "projector", "cleanup-worker");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path root = ProjectRoot.path();
    private Path workDir;
    private Map<String, Integer> ports;
    private RunScript running;

    @BeforeEach
    void freshDataDirAndFreePorts() throws IOException {
        for (var service : SERVICES) {
            assertThat(root.resolve(service + "/target/" + service + "-0.1.0-SNAPSHOT.jar"))
                    .as("the service jars come from the reactor build: run ./mvnw -B verify (or package) from the root")
                    .exists();
        }
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        workDir = Files.createTempDirectory(base, "stack-");
        ports = RunScript.freePorts("PHISHNET_KAFKA_PORT", "PHISHNET_KAFKA_CONTROLLER_PORT", "PHISHNET_REGISTRY_PORT",
                "PHISHNET_REGISTRY_INTERNAL_PORT", "PHISHNET_MONGODB_PORT", "PHISHNET_COMMAND_API_PORT",
                "PHISHNET_PROJECTOR_PORT", "PHISHNET_CLEANUP_WORKER_PORT", "PHISHNET_DEV_ISSUER_PORT");
    }

    @AfterEach
    void leaveNothingRunning() throws IOException {
        if (running != null) {
            running.forceStop();
        }
    }

    @Test
    void recordsAndTheirSchemaIdsSurviveACtrlCAndARestart() throws Exception {
        running = start("run-1.out");
        assertEverythingIsHealthy();

        var sent = auditEvent();
        produce(sent);
        int schemaId = latestSchemaId(TOPIC + "-value");

        stopWithCtrlC();

        running = start("run-2.out");
        byte[] stored = consumeValue(sent.getResourceId());
        assertThat(stored[0]).as("Confluent wire format magic byte").isZero();
        assertThat(ByteBuffer.wrap(stored, 1, 4).getInt()).as("schema id in the stored record").isEqualTo(schemaId);
        // A fresh deserializer has no cached schemas: the id must resolve in the restarted registry.
        try (var deserializer = new AvroDeserializer<>(AuditEvent.class)) {
            deserializer.configure(Map.of("schema.registry.url", registryUrl(), "specific.avro.reader", true), false);
            assertThat(deserializer.deserialize(TOPIC, stored)).isEqualTo(sent);
        }

        aServiceKilledWithSigkillIsRestartedAndTheStackStaysUp("projector");
        stopWithCtrlC();
    }

    /** run.sh supervises its parts: kill -9 one, as a user trying the platform by hand would, and it comes back. */
    private void aServiceKilledWithSigkillIsRestartedAndTheStackStaysUp(String service) throws Exception {
        long killed = running.pid(service);
        var kill = new ProcessBuilder("kill", "-KILL", Long.toString(killed)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();

        await(service + " restarted by run.sh").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsMatching(e -> e instanceof IOException || e instanceof UncheckedIOException)
                .untilAsserted(() -> {
                    assertThat(running.alive()).as("run.sh alive; its output:%n%s", running.output()).isTrue();
                    assertThat(running.output()).contains(service + " exited unexpectedly (exit status 137); "
                            + "restarting it (restart 1;");
                    assertThat(running.pid(service)).as("pid of the restarted " + service).isNotEqualTo(killed);
                    var port = ports.get("PHISHNET_" + service.toUpperCase().replace('-', '_') + "_PORT");
                    var health = get("http://127.0.0.1:" + port + "/actuator/health");
                    assertThat(health.body()).contains("\"status\":\"UP\"");
                });
        // The restarted member joins its consumer groups once the killed one's session has expired: until then
        // health may say REBALANCING. Everything healthy again, with no hand on the stack:
        await("every part healthy after the restart").atMost(START_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsMatching(e -> e instanceof IOException).untilAsserted(this::assertEverythingIsHealthy);
    }

    private RunScript start(String outputName) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        ports.forEach((variable, port) -> settings.put(variable, port.toString()));
        var script = RunScript.start(root, workDir.resolve("data"), settings, workDir.resolve(outputName));
        script.awaitReady(START_TIMEOUT);
        return script;
    }

    private void stopWithCtrlC() throws Exception {
        var pids = running.recordedPids();
        assertThat(pids).as("pid files of kafka, apicurio, local-support and the three services").hasSize(6);

        assertThat(running.interruptAndAwaitExit(RunScript.STOP_TIMEOUT)).as("exit status; output:%n%s", running.output()).isZero();

        for (var pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d started by run.sh is still alive", pid)
                    .isFalse();
        }
        assertThat(running.recordedPids()).as("pid files left behind").isEmpty();
        ports.forEach((variable, port) -> assertThat(listening(port)).as("%s=%d still taken", variable, port).isFalse());
        running = null;
    }

    private void assertEverythingIsHealthy() throws Exception {
        for (var service : SERVICES) {
            var port = ports.get("PHISHNET_" + service.toUpperCase().replace('-', '_') + "_PORT");
            var health = get("http://127.0.0.1:" + port + "/actuator/health");
            assertThat(health.statusCode()).as("%s health", service).isEqualTo(200);
            assertThat(health.body()).as("%s health", service).contains("\"status\":\"UP\"");
            assertThat(get("http://127.0.0.1:" + port + "/actuator/prometheus").statusCode())
                    .as("%s metrics", service).isEqualTo(200);
        }
        var subjects = get(registryUrl() + "/subjects");
        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body()).startsWith("[");
        assertThat(get(registryUrl() + "/config").body()).contains("BACKWARD");
        assertThat(listening(ports.get("PHISHNET_KAFKA_PORT"))).isTrue();
        assertThat(listening(ports.get("PHISHNET_MONGODB_PORT"))).isTrue();
    }

    private void produce(AuditEvent event) throws Exception {
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        props.put("schema.registry.url", registryUrl());
        props.put("auto.register.schemas", true);
        try (var producer = new KafkaProducer<String, AuditEvent>(props)) {
            producer.send(new ProducerRecord<>(TOPIC, event.getResourceId(), event)).get();
        }
    }

    private byte[] consumeValue(String key) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPIC, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(TOPIC, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var found = new ArrayList<byte[]>();
            await("the record written before the restart").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        found.add(record.value());
                    }
                }
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private int latestSchemaId(String subject) throws Exception {
        var response = get(registryUrl() + "/subjects/" + subject + "/versions/latest");
        assertThat(response.statusCode()).as("registered %s: %s", subject, response.body()).isEqualTo(200);
        var id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(response.body());
        assertThat(id.find()).as("id in %s", response.body()).isTrue();
        return Integer.parseInt(id.group(1));
    }

    private static AuditEvent auditEvent() {
        var userId = UUID.randomUUID().toString();
        return AuditEvent.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setAggregateId(userId)
                        .setAggregateVersion(1)
                        .setTenantId("tenant-it")
                        .setOccurredAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                        .setCorrelationId(UUID.randomUUID().toString())
                        .setCausationId(null)
                        .setActor(Actor.newBuilder().setId(null).setKind(ActorKind.ANONYMOUS).setIp("127.0.0.1")
                                .setUserAgent("LocalStackIT").build())
                        .build())
                .setAction("user.register")
                .setOutcome(AuditOutcome.ACCEPTED)
                .setReason(null)
                .setResourceType("user")
                .setResourceId(userId)
                .setCommandId(UUID.randomUUID().toString())
                .setDetails(Map.of("source", "local-stack-it"))
                .build();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String bootstrap() {
        return "127.0.0.1:" + ports.get("PHISHNET_KAFKA_PORT");
    }

    private String registryUrl() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_REGISTRY_PORT");
    }

    private static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
