package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A poison event through the real stack, as an operator meets it: a malformed record lands on {@code user-events}
 * (written by a raw producer, as a buggy or foreign writer would), the projector parks it and the user's next event
 * behind it while other users keep being projected, the operator finds both in
 * {@code GET /api/v1/admin/projections/dlq}, skips the bad one, and the waiting event reaches the read model; the
 * skip is in the audit trail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParkedEventsEndToEndIT {

    private static final Duration READ_MODEL = Duration.ofSeconds(60);
    private static final byte[] MALFORMED = "{\"email\":\"not avro at all\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Path root = ProjectRoot.path();
    private Map<String, Integer> ports;
    private RunScript stack;

    @BeforeAll
    void startTheStack() throws IOException {
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        var workDir = Files.createTempDirectory(base, "parked-");
        ports = RunScript.freePorts("PHISHNET_KAFKA_PORT", "PHISHNET_KAFKA_CONTROLLER_PORT", "PHISHNET_REGISTRY_PORT",
                "PHISHNET_REGISTRY_INTERNAL_PORT", "PHISHNET_MONGODB_PORT", "PHISHNET_COMMAND_API_PORT",
                "PHISHNET_PROJECTOR_PORT", "PHISHNET_CLEANUP_WORKER_PORT", "PHISHNET_DEV_ISSUER_PORT");
        Map<String, String> settings = new LinkedHashMap<>();
        ports.forEach((variable, port) -> settings.put(variable, port.toString()));
        stack = RunScript.start(root, workDir.resolve("data"), settings, workDir.resolve("run.out"));
        stack.awaitReady(UsersEndToEndIT.START_TIMEOUT);
    }

    @AfterAll
    void stopTheStack() throws Exception {
        if (stack == null) {
            return;
        }
        try {
            assertThat(stack.interruptAndAwaitExit(RunScript.STOP_TIMEOUT))
                    .as("run.sh exit status; output:%n%s", stack.output()).isZero();
        } finally {
            stack.forceStop();
        }
    }

    @Test
    void aMalformedEventIsParkedWhileOthersFlowAndSkippingItReleasesTheUsersLaterEvent() throws Exception {
        var since = Instant.now().minusSeconds(1);
        var operator = token("operator-1", "default", "admin");
        var ada = register(unique("ada"));
        await("ada projected").atMost(READ_MODEL).until(() -> get("/api/v1/users/" + ada, operator).statusCode() == 200);

        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + ports.get("PHISHNET_KAFKA_PORT")), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("user-events", ada, MALFORMED)).get();
        }
        var self = token(ada, "default", "user");
        var updated = command(HttpRequest.newBuilder(URI.create(commandApi() + "/api/v1/users/" + ada + "/profile"))
                .header("Authorization", "Bearer " + self)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"bio\":\"Parked, then released\"}")));
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

        // Other users keep being projected.
        var bob = register(unique("bob"));
        await("bob projected").atMost(READ_MODEL).until(() -> get("/api/v1/users/" + bob, operator).statusCode() == 200);

        // The operator sees the failed record and Ada's update waiting behind it.
        var parked = await("ada's records parked").atMost(READ_MODEL).until(() -> adasEntries(operator, ada),
                entries -> entries.size() == 2);
        var head = parked.stream().filter(entry -> "FAILED".equals(entry.get("reason"))).findFirst().orElseThrow();
        var waiting = parked.stream().filter(entry -> "WAITING".equals(entry.get("reason"))).findFirst().orElseThrow();
        assertThat(head).containsEntry("status", "PARKED").containsEntry("topic", "user-events")
                .containsEntry("projection", "users");
        assertThat((String) head.get("error")).contains("wire format");
        assertThat((Long) waiting.get("offset")).isGreaterThan((Long) head.get("offset"));
        var one = get("/api/v1/admin/projections/dlq/" + head.get("id"), operator);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(java.util.Base64.getDecoder().decode((String) json(one.body()).get("payload"))).isEqualTo(MALFORMED);
        assertThat(profileBio(operator, ada)).as("the update waits behind the parked record").isNull();

        var waitingSkip = post("/api/v1/admin/projections/dlq/" + waiting.get("id") + "/skip", operator);
        assertThat(waitingSkip.statusCode()).as(waitingSkip.body()).isEqualTo(409);
        var skipped = post("/api/v1/admin/projections/dlq/" + head.get("id") + "/skip", operator);
        assertThat(skipped.statusCode()).as(skipped.body()).isEqualTo(202);
        assertThat(json(skipped.body())).containsEntry("status", "SKIP_REQUESTED");

        await("ada's update applied").atMost(READ_MODEL)
                .until(() -> "Parked, then released".equals(profileBio(operator, ada)));
        await("entries resolved").atMost(READ_MODEL).untilAsserted(() -> assertThat(adasEntries(operator, ada))
                .extracting(entry -> entry.get("id") + ":" + entry.get("status"))
                .containsExactlyInAnyOrder(head.get("id") + ":SKIPPED", waiting.get("id") + ":APPLIED"));
        await("skip audited").atMost(READ_MODEL).untilAsserted(() -> {
            var audit = get("/api/v1/audit?action=projections.dlq.skip&from=" + since, operator);
            assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
            assertThat(items(json(audit.body()))).singleElement().satisfies(entry -> assertThat(entry)
                    .containsEntry("resourceId", head.get("id")).containsEntry("outcome", "ACCEPTED"));
        });
    }

    private List<Map<String, Object>> adasEntries(String operator, String ada) throws Exception {
        var page = get("/api/v1/admin/projections/dlq?limit=200", operator);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return items(json(page.body())).stream().filter(entry -> ada.equals(entry.get("key"))).toList();
    }

    @SuppressWarnings("unchecked")
    private String profileBio(String token, String userId) throws Exception {
        var read = get("/api/v1/users/" + userId, token);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        var profile = (Map<String, Object>) json(read.body()).get("profile");
        return profile == null ? null : (String) profile.get("bio");
    }

    private String register(String name) throws Exception {
        var registered = command(HttpRequest.newBuilder(URI.create(commandApi() + "/api/v1/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(Map.of(
                        "email", name + "@example.com", "password", "pw-" + UUID.randomUUID(),
                        "fullName", name)))));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        var location = registered.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private String token(String subject, String tenant, String role) throws Exception {
        var response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("PHISHNET_DEV_ISSUER_PORT")
                        + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(
                        Map.of("sub", subject, "tenant", tenant, "roles", List.of(role))))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) json(response.body()).get("access_token");
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(commandApi() + path)).header("Authorization", "Bearer " + token)
                .GET());
    }

    private HttpResponse<String> post(String path, String token) {
        return command(HttpRequest.newBuilder(URI.create(commandApi() + path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Sends a command under an idempotency key, again while its outcome is not known yet (503 on a loaded machine):
     * a repeat answers with the first attempt's outcome instead of running the command twice.
     */
    private HttpResponse<String> command(HttpRequest.Builder request) {
        request.header("Idempotency-Key", UUID.randomUUID().toString());
        return await("a command's outcome").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> send(request), response -> response.statusCode() != 503);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private static Map<String, Object> json(String body) throws Exception {
        return JSONObjectUtils.parse(body);
    }

    private String commandApi() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_COMMAND_API_PORT");
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
