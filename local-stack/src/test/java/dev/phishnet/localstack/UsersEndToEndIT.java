package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserRegistered;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The users slice through the real stack, as a user of it would check it: ./run.sh on free ports and a fresh data
 * directory (started once for the class), HTTP calls with tokens from the development issuer, and the facts behind
 * the answers read where they live: {@code user-events} in Kafka, the {@code users} collection, the bytes on disk.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UsersEndToEndIT {

    static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    static final Duration READ_MODEL = Duration.ofSeconds(30);
    static final String PROBLEM_JSON = "application/problem+json";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Path root = ProjectRoot.path();
    /** Every clear password this class sent; none may be found on disk (the last test). */
    private final Set<String> passwords = ConcurrentHashMap.newKeySet();
    private Path dataDir;
    private Map<String, Integer> ports;
    private RunScript stack;

    @BeforeAll
    void startTheStack() throws IOException {
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        var workDir = Files.createTempDirectory(base, "users-");
        dataDir = workDir.resolve("data");
        ports = RunScript.freePorts("PHISHNET_KAFKA_PORT", "PHISHNET_KAFKA_CONTROLLER_PORT", "PHISHNET_REGISTRY_PORT",
                "PHISHNET_REGISTRY_INTERNAL_PORT", "PHISHNET_MONGODB_PORT", "PHISHNET_COMMAND_API_PORT",
                "PHISHNET_PROJECTOR_PORT", "PHISHNET_CLEANUP_WORKER_PORT", "PHISHNET_DEV_ISSUER_PORT");
        Map<String, String> settings = new LinkedHashMap<>();
        ports.forEach((variable, port) -> settings.put(variable, port.toString()));
        stack = RunScript.start(root, dataDir, settings, workDir.resolve("run.out"));
        stack.awaitReady(START_TIMEOUT);
    }

    @AfterAll
    void stopTheStack() throws Exception {
        if (stack == null) {
            return;
        }
        try {
            assertThat(stack.interruptAndAwaitExit(RunScript.STOP_TIMEOUT)).as("run.sh exit status; output:%n%s", stack.output())
                    .isZero();
        } finally {
            stack.forceStop();
        }
    }

    @Test
    @Order(1)
    void aRegisteredUserIsReadBackByAnAdminOfItsTenantWithoutItsPasswordHash() throws Exception {
        var email = unique("ada") + "@example.com";

        var registered = register(email, password(), "Ada Lovelace");

        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        var location = registered.headers().firstValue("Location").orElseThrow();
        var userId = location.substring(location.lastIndexOf('/') + 1);
        var consistency = registered.headers().firstValue("X-Consistency-Token");
        assertThat(consistency).isPresent();

        var read = get(location, token("admin-1", "default", "admin"), consistency.get());

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        var user = json(read.body());
        assertThat(user).containsEntry("id", userId).containsEntry("email", email)
                .containsEntry("fullName", "Ada Lovelace").containsEntry("tenantId", "default")
                .containsEntry("active", true).containsEntry("roles", List.of("user"));
        assertThat(read.body().toLowerCase()).doesNotContain("password").doesNotContain("hash").doesNotContain("$argon2");
        try (var mongo = MongoClients.create(mongoUri())) {
            var document = mongo.getDatabase("phishnet").getCollection("users").find(Filters.eq("_id", userId)).first();
            assertThat(document).isNotNull();
            assertThat(document.toJson().toLowerCase()).as("users document").doesNotContain("password")
                    .doesNotContain("$argon2");
        }
    }

    @Test
    @Order(2)
    void aUserUpdatesTheirOwnProfileAndReadsItBack() throws Exception {
        var registered = register(unique("grace") + "@example.com", password(), "Grace Hopper");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        var userId = idOf(registered);
        var self = token(userId, "default", "user");

        var updated = send(HttpRequest.newBuilder(api("/users/" + userId + "/profile"))
                .header("Authorization", "Bearer " + self)
                .header("Content-Type", "application/json")
                .method("PATCH", body("{\"bio\":\"Compilers\",\"company\":\"US Navy\",\"timezone\":\"America/New_York\"}")));

        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        var read = get("/api/v1/users/" + userId, self, updated.headers().firstValue("X-Consistency-Token").orElseThrow());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read.body()).get("profile")).isEqualTo(profile("Compilers", "US Navy", "America/New_York"));
        assertThat(json(read.body())).containsEntry("version", 2L);
    }

    @Test
    @Order(3)
    void fiftyConcurrentRegistrationsOfOneAddressMakeExactlyOneUser() throws Exception {
        var since = Instant.now().minusSeconds(1);
        var local = unique("race");
        var email = local + "@example.com";
        var password = password();
        var userAgent = "UsersEndToEndIT/" + local;
        passwords.add(password);
        // The same address as people type it: other case, surrounding whitespace.
        List<String> variants = List.of(email, email.toUpperCase(), " " + email, email + "  ", "\t" + email,
                local.toUpperCase() + "@Example.COM", " " + local + "@EXAMPLE.com ");

        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 50)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(api("/users"))
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .header("User-Agent", userAgent)
                                .POST(body(registration(variants.get(i % variants.size()), password, "Racer " + i)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        var responses = calls.stream().map(CompletableFuture::join).toList();

        var created = responses.stream().filter(response -> response.statusCode() == 201).toList();
        var conflicts = responses.stream().filter(response -> response.statusCode() == 409).toList();
        assertThat(created).as("201s; all statuses: %s", responses.stream().map(HttpResponse::statusCode).toList())
                .hasSize(1);
        assertThat(conflicts).as("409s").hasSize(49);
        for (var conflict : conflicts) {
            assertThat(conflict.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
            assertThat(json(conflict.body())).containsEntry("field", "email").containsEntry("status", 409L);
        }
        var userId = idOf(created.get(0));

        assertThat(userRegisteredOnTheTopic(email)).as("UserRegistered for %s on user-events", email)
                .containsExactly(userId);

        var admin = token("admin-1", "default", "admin");
        var byId = get("/api/v1/users/" + userId, admin, created.get(0).headers().firstValue("X-Consistency-Token")
                .orElseThrow());
        assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
        try (var mongo = MongoClients.create(mongoUri())) {
            assertThat(mongo.getDatabase("phishnet").getCollection("users").countDocuments(Filters.eq("email", email)))
                    .as("users documents with %s", email).isEqualTo(1);
        }
        var byEmail = get("/api/v1/users?email=" + URLEncoder.encode(email.toUpperCase(), StandardCharsets.UTF_8),
                admin, null);
        assertThat(byEmail.statusCode()).as(byEmail.body()).isEqualTo(200);
        assertThat(json(byEmail.body())).containsEntry("total", 1L);

        // One audit entry per decided command: the accepted one and 49 rejections, each naming the field.
        await("50 user.register audit entries from " + userAgent).atMost(READ_MODEL).untilAsserted(() -> {
            var entries = auditEntries(admin, since, userAgent);
            assertThat(entries).hasSize(50);
            assertThat(entries).filteredOn(entry -> "ACCEPTED".equals(entry.get("outcome"))).singleElement()
                    .satisfies(entry -> assertThat(entry).containsEntry("resourceId", userId));
            assertThat(entries).filteredOn(entry -> "REJECTED".equals(entry.get("outcome"))).hasSize(49)
                    .allSatisfy(entry -> assertThat(entry.get("reason")).asString().startsWith("CONFLICT"));
        });
    }

    @Test
    @Order(4)
    void anotherTenantsAdminDoesNotSeeTheUser() throws Exception {
        var registered = register(unique("linus") + "@example.com", password(), "Linus");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        var consistency = registered.headers().firstValue("X-Consistency-Token").orElseThrow();
        // Its own tenant's admin sees it: the 404 below is the tenant boundary, not a read model that lags.
        assertThat(get(location(registered), token("admin-1", "default", "admin"), consistency).statusCode())
                .isEqualTo(200);

        var elsewhere = get(location(registered), token("admin-2", "other", "admin"), null);

        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void anInvalidEmailOrAShortPasswordIsABadRequestNamingTheField() throws Exception {
        var invalidEmail = register("not-an-address", password(), "Nobody");
        var shortPassword = register(unique("short") + "@example.com", "elevenchars", "Nobody");
        passwords.add("elevenchars");

        assertThat(invalidEmail.statusCode()).as(invalidEmail.body()).isEqualTo(400);
        assertThat(invalidEmail.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(json(invalidEmail.body())).containsEntry("field", "email");
        assertThat(shortPassword.statusCode()).as(shortPassword.body()).isEqualTo(400);
        assertThat(shortPassword.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(json(shortPassword.body())).containsEntry("field", "password");
    }

    @Test
    @Order(6)
    void theAuditTrailShowsAcceptedAndRejectedRegistrationsNewestFirst() throws Exception {
        var since = Instant.now().minusSeconds(1);
        var email = unique("audit") + "@example.com";
        var userAgent = "UsersEndToEndIT/" + email;
        var accepted = register(email, password(), "First", userAgent);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
        var rejected = register(email.toUpperCase(), password(), "Second", userAgent);
        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(409);
        var admin = token("admin-1", "default", "admin");

        await("both registrations in the audit trail").atMost(READ_MODEL).untilAsserted(() -> {
            var entries = auditEntries(admin, since, userAgent);
            assertThat(entries).extracting(entry -> entry.get("outcome")).containsExactly("REJECTED", "ACCEPTED");
            assertThat(entries.get(0)).containsEntry("action", "user.register")
                    .containsEntry("reason", "CONFLICT: email already registered")
                    .containsEntry("details", Map.of("field", "email"));
            assertThat(entries.get(1)).containsEntry("action", "user.register")
                    .containsEntry("resourceId", idOf(accepted)).containsEntry("actorKind", "ANONYMOUS");
        });
        var page = json(get("/api/v1/audit?size=200", admin, null).body());
        var times = items(page).stream().map(entry -> Instant.parse((String) entry.get("occurredAt"))).toList();
        assertThat(times).as("the whole trail, newest first").isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    @Order(7)
    void noPasswordIsStoredInClearInKafkaOrWrittenToALog() throws Exception {
        var password = password();
        var registered = register(unique("secret") + "@example.com", password, "Keeper");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);

        // Records live in the segment files; .index/.timeindex hold offsets and positions only, and are
        // preallocated (10 MB each, hundreds of them): reading those would take a minute and prove nothing.
        var kafkaFiles = files(dataDir.resolve("kafka/data")).stream()
                .filter(file -> !file.toString().endsWith(".index") && !file.toString().endsWith(".timeindex"))
                .toList();
        var logs = files(dataDir.resolve("logs"));
        assertThat(kafkaFiles).as("Kafka log segments").anyMatch(file -> file.toString().endsWith(".log"));
        assertThat(logs).as("service logs").anyMatch(file -> file.endsWith("command-api.log"));
        // The hash of this registration is on disk: the scan does look at the records.
        assertThat(filesContaining(kafkaFiles, "$argon2")).as("files with an Argon2 hash").isNotEmpty();

        for (var secret : passwords) {
            assertThat(filesContaining(kafkaFiles, secret)).as("Kafka data files holding a clear password").isEmpty();
            assertThat(filesContaining(logs, secret)).as("logs holding a clear password").isEmpty();
            assertThat(stack.output()).as("run.sh output").doesNotContain(secret);
        }
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------------

    private HttpResponse<String> register(String email, String password, String fullName) throws Exception {
        return register(email, password, fullName, "UsersEndToEndIT");
    }

    private HttpResponse<String> register(String email, String password, String fullName, String userAgent)
            throws Exception {
        passwords.add(password);
        return send(HttpRequest.newBuilder(api("/users"))
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .POST(body(registration(email, password, fullName))));
    }

    private static String registration(String email, String password, String fullName) {
        return JSONObjectUtils.toJSONString(Map.of("email", email, "password", password, "fullName", fullName));
    }

    private HttpResponse<String> get(String path, String token, String consistency) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(commandApi() + path)).header("Authorization", "Bearer " + token);
        if (consistency != null) {
            request.header("X-Consistency-Token", consistency);
        }
        return send(request.GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A token from the stack's development issuer. */
    private String token(String subject, String tenant, String role) throws Exception {
        var response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("PHISHNET_DEV_ISSUER_PORT")
                        + "/token"))
                .POST(body(JSONObjectUtils.toJSONString(Map.of("sub", subject, "tenant", tenant, "roles", List.of(role))))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) json(response.body()).get("access_token");
    }

    private List<Map<String, Object>> auditEntries(String admin, Instant since, String userAgent) throws Exception {
        var response = get("/api/v1/audit?action=user.register&size=200&from=" + since, admin, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return items(json(response.body())).stream().filter(entry -> userAgent.equals(entry.get("userAgent"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private static Map<String, Object> json(String body) throws Exception {
        return JSONObjectUtils.parse(body);
    }

    private static String location(HttpResponse<String> created) {
        return created.headers().firstValue("Location").orElseThrow();
    }

    private static String idOf(HttpResponse<String> created) {
        var location = location(created);
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static Map<String, Object> profile(String bio, String company, String timezone) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("bio", bio);
        profile.put("company", company);
        profile.put("location", null);
        profile.put("timezone", timezone);
        profile.put("language", null);
        profile.put("theme", null);
        return profile;
    }

    // ---- Kafka, MongoDB, files ----------------------------------------------------------------------------------

    /**
     * Ids of the users a UserRegistered names with this email, read from the beginning of {@code user-events} up to
     * the end as it stands: the 201 came after the event's transaction committed, so it is below that end.
     */
    private List<String> userRegisteredOnTheTopic(String email) {
        var config = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get("PHISHNET_KAFKA_PORT"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                "schema.registry.url", "http://127.0.0.1:" + ports.get("PHISHNET_REGISTRY_PORT"),
                "specific.avro.reader", true);
        var values = new AvroDeserializer<>(UserEvent.class);
        values.configure(config, false);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor("user-events", Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            List<String> userIds = new ArrayList<>();
            await("user-events read to its end").atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().getPayload() instanceof UserRegistered registered
                            && registered.getEmail().equals(email)) {
                        userIds.add(record.key());
                    }
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            return userIds;
        }
    }

    private static List<Path> files(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> filesContaining(List<Path> files, String text) throws IOException {
        // Latin-1 maps every byte to one char, so a byte search is a string search.
        var needle = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        List<Path> found = new ArrayList<>();
        for (var file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException gone) {
                continue; // a checkpoint's .tmp file, renamed while we looked
            }
            if (new String(bytes, StandardCharsets.ISO_8859_1).contains(needle)) {
                found.add(file);
            }
        }
        return found;
    }

    private String commandApi() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_COMMAND_API_PORT");
    }

    private URI api(String path) {
        return URI.create(commandApi() + "/api/v1" + path);
    }

    private String mongoUri() {
        return "mongodb://127.0.0.1:" + ports.get("PHISHNET_MONGODB_PORT");
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Distinct per call, long enough, and unlikely to occur in any file by chance. */
    private static String password() {
        return "pw-" + UUID.randomUUID();
    }
}
