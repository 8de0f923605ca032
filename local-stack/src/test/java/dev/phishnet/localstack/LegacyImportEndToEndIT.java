package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.user.PasswordHashUpgraded;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserImported;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The legacy importer against the real stack, as the README tells a user to run it: the built jar on a small export
 * (extended JSON as mongoexport writes it), twice; then what was imported, read through the API, and a legacy user
 * signing in with their bcrypt password, which is upgraded on the way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyImportEndToEndIT {

    static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    static final Duration READ_MODEL = Duration.ofSeconds(30);
    static final String TENANT = "default";
    static final String ADA_OID = "64f1c0ffee0000000000aaaa";
    static final String BOB_OID = "64f1c0ffee0000000000bbbb";
    static final String PASSWORD = "legacy-Pass-2023";
    /** bcrypt (cost 10) of {@link #PASSWORD}, as the legacy store (passlib) wrote it. */
    static final String BCRYPT = "$2b$10$BIah02IIfNoJ6h95tIXQfuEFBFz.U53mkuwZCOvFSDC/N6o3K4nHi";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Path root = ProjectRoot.path();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    /**
     * Legacy times within the retention periods: retention counts from them, so records older than a period (e.g. an
     * analysis of 2023 with 90d) are purged by the next retention run after the import, as the README says.
     */
    private final Instant day = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    private final String adaEmail = "ada-" + run + "@legacy.example";
    private final String bobEmail = "bob-" + run + "@legacy.example";
    private Path workDir;
    private Path export;
    private Map<String, Integer> ports;
    private RunScript stack;

    @BeforeAll
    void startTheStackAndWriteTheExport() throws IOException {
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        workDir = Files.createTempDirectory(base, "legacy-");
        ports = RunScript.freePorts("PHISHNET_KAFKA_PORT", "PHISHNET_KAFKA_CONTROLLER_PORT", "PHISHNET_REGISTRY_PORT",
                "PHISHNET_REGISTRY_INTERNAL_PORT", "PHISHNET_MONGODB_PORT", "PHISHNET_COMMAND_API_PORT",
                "PHISHNET_PROJECTOR_PORT", "PHISHNET_CLEANUP_WORKER_PORT", "PHISHNET_DEV_ISSUER_PORT");
        Map<String, String> settings = new LinkedHashMap<>();
        ports.forEach((variable, port) -> settings.put(variable, port.toString()));
        writeExport();
        stack = RunScript.start(root, workDir.resolve("data"), settings, workDir.resolve("run.out"));
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
    void theFirstRunImportsEveryGoodRecordSkipsSessionsAndRejectsTheBadOneWithItsReason() throws Exception {
        var result = importer("first");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(totals(result.output())).as(result.output()).containsExactly(5L, 0L, 1L, 1L);
        var rejects = Files.readAllLines(workDir.resolve("first-rejects.jsonl"));
        assertThat(rejects).hasSize(1);
        var reject = JSONObjectUtils.parse(rejects.get(0));
        assertThat(reject).containsEntry("file", "users.jsonl").containsEntry("reason", "hashed_password is missing");
    }

    @Test
    @Order(2)
    void theSecondRunImportsNothingNewEveryRecordIsADuplicate() throws Exception {
        var result = importer("second");

        assertThat(totals(result.output())).as(result.output()).containsExactly(0L, 5L, 1L, 1L);
        assertThat(importedUsersOnTheTopic()).as("UserImported events").hasSize(2);
    }

    @Test
    @Order(3)
    void theImportedUsersAnalysesIndicatorsAndAuditEntriesAreReadThroughTheApi() throws Exception {
        var admin = token("admin-1", TENANT, "admin");

        var ada = awaitOk("/api/v1/users?email=" + URLEncoder.encode(adaEmail, StandardCharsets.UTF_8), admin,
                page -> ((Number) page.get("total")).longValue() == 1);
        assertThat(items(ada).get(0)).containsEntry("id", userId(ADA_OID)).containsEntry("active", true)
                .containsEntry("fullName", "Ada Lovelace");
        var bob = awaitOk("/api/v1/users?email=" + URLEncoder.encode(bobEmail, StandardCharsets.UTF_8), admin,
                page -> ((Number) page.get("total")).longValue() == 1);
        assertThat(items(bob).get(0)).containsEntry("active", false);

        var analysis = awaitOk("/api/v1/analyses/" + analysisId(userId(ADA_OID), "msg-" + run), admin, found -> true);
        assertThat(analysis).containsEntry("userId", userId(ADA_OID)).containsEntry("status", "completed");

        var indicators = awaitOk("/api/v1/threat-intel?indicator=evil-" + run + ".example", admin,
                page -> !items(page).isEmpty());
        assertThat(items(indicators).get(0)).containsEntry("indicator", "evil-" + run + ".example");

        var audit = awaitOk("/api/v1/audit?action=legacy.auth.login&size=50", admin,
                page -> items(page).stream().anyMatch(entry -> userId(ADA_OID).equals(entry.get("resourceId"))));
        assertThat(items(audit).stream().filter(entry -> userId(ADA_OID).equals(entry.get("resourceId")))
                .findFirst().orElseThrow().toString()).contains(day.plusSeconds(7200).toString());
    }

    @Test
    @Order(4)
    void aLegacyUserSignsInWithTheirBcryptPasswordWhichIsUpgradedAndSignsInAgain() throws Exception {
        var first = login(adaEmail, PASSWORD);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(JSONObjectUtils.parse(first.body())).containsKey("accessToken");

        await("PasswordHashUpgraded on user-events").atMost(READ_MODEL)
                .until(() -> upgradedHashes().stream().anyMatch(hash -> hash.startsWith("$argon2")));

        var second = login(adaEmail, PASSWORD);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        var wrong = login(adaEmail, "not-" + PASSWORD);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(upgradedHashes()).as("upgraded once").hasSize(1);
        assertThat(login(bobEmail, PASSWORD).statusCode()).as("an inactive legacy user").isEqualTo(401);
    }

    private void writeExport() throws IOException {
        export = Files.createDirectories(workDir.resolve("export"));
        Files.write(export.resolve("users.jsonl"), List.of(
                "{\"_id\":{\"$oid\":\"" + ADA_OID + "\"},\"username\":\"ada\",\"email\":\"" + adaEmail.toUpperCase()
                        + "\",\"full_name\":\"Ada Lovelace\",\"hashed_password\":\"" + BCRYPT + "\",\"is_active\":true,"
                        + "\"is_verified\":true,\"created_at\":{\"$date\":\"" + day + "\"},"
                        + "\"updated_at\":{\"$date\":\"" + day.plusSeconds(60) + "\"},\"last_login\":null}",
                "{\"_id\":{\"$oid\":\"" + BOB_OID + "\"},\"username\":\"bob\",\"email\":\"" + bobEmail
                        + "\",\"full_name\":\"Bob\",\"hashed_password\":\"" + BCRYPT + "\",\"is_active\":false,"
                        + "\"is_verified\":false,\"created_at\":{\"$date\":{\"$numberLong\":\"" + day.toEpochMilli() + "\"}}}",
                "{\"_id\":{\"$oid\":\"64f1c0ffee0000000000cccc\"},\"email\":\"nohash-" + run + "@legacy.example\","
                        + "\"created_at\":\"2023-03-01T10:00:00\"}"));
        Files.write(export.resolve("persistent_sessions.jsonl"), List.of(
                "{\"_id\":{\"$oid\":\"64f1c0ffee00000000005e55\"},\"user_id\":\"" + ADA_OID + "\"}"));
        Files.write(export.resolve("email_analyses.jsonl"), List.of(
                "{\"_id\":{\"$oid\":\"64f1c0ffee0000000000a001\"},\"user_id\":{\"$oid\":\"" + ADA_OID + "\"},"
                        + "\"gmail_message_id\":\"msg-" + run + "\",\"subject\":\"Invoice\","
                        + "\"sender\":\"billing@evil-" + run + ".example\",\"recipient\":\"" + adaEmail + "\","
                        + "\"received_at\":{\"$date\":\"" + day + "\"},\"status\":\"completed\","
                        + "\"threat_level\":\"high\",\"confidence_score\":0.9,\"analysis_results\":{\"links\":2},"
                        + "\"detected_threats\":[\"phishing\"],\"analyzer_version\":\"1.2\","
                        + "\"created_at\":{\"$date\":\"" + day.plusSeconds(5) + "\"}}"));
        Files.write(export.resolve("threat_intelligence.jsonl"), List.of(
                "{\"_id\":{\"$oid\":\"64f1c0ffee0000000000i001\"},\"indicator\":\"Evil-" + run + ".Example\","
                        + "\"indicator_type\":\"domain\",\"threat_type\":\"phishing\",\"threat_level\":\"critical\","
                        + "\"confidence_score\":0.8,\"description\":\"kit\",\"source\":\"feed\",\"tags\":[\"bank\"],"
                        + "\"metadata\":{\"k\":1},\"created_at\":{\"$date\":\"" + day + "\"},"
                        + "\"updated_at\":{\"$date\":\"" + day.plusSeconds(3600) + "\"}}"));
        Files.write(export.resolve("audit_logs.jsonl"), List.of(
                "{\"_id\":{\"$oid\":\"64f1c0ffee0000000000d001\"},\"event_type\":\"auth\",\"action\":\"login\","
                        + "\"user_id\":\"" + ADA_OID + "\",\"description\":\"signed in\",\"ip_address\":\"10.0.0.1\","
                        + "\"user_agent\":\"legacy-browser\",\"metadata\":{\"mfa\":false},"
                        + "\"timestamp\":{\"$date\":\"" + day.plusSeconds(7200) + "\"}}"));
    }

    record Result(int exitCode, String output) {
    }

    /** The built jar, as the README runs it; stdout (the summary) and stderr (progress) together. */
    private Result importer(String name) throws Exception {
        var jar = root.resolve("legacy-importer/target/legacy-importer.jar");
        assertThat(jar).as("build it first: ./mvnw -DskipTests package").exists();
        var output = workDir.resolve(name + ".out");
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--tenant", TENANT,
                "--bootstrap-servers", "127.0.0.1:" + ports.get("PHISHNET_KAFKA_PORT"),
                "--schema-registry", "http://127.0.0.1:" + ports.get("PHISHNET_REGISTRY_PORT"),
                "--input", export.toString(), "--rejects", workDir.resolve(name + "-rejects.jsonl").toString(),
                "--concurrency", "8")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("importer finished").isTrue();
        return new Result(process.exitValue(), Files.readString(output));
    }

    /** imported, duplicate, skipped, rejected of the summary's total line. */
    private static List<Long> totals(String output) {
        for (String line : output.split("\\R")) {
            if (line.startsWith("total ")) {
                List<Long> counts = new ArrayList<>();
                for (String part : line.substring("total".length()).trim().split("\\s+")) {
                    counts.add(Long.parseLong(part));
                }
                return counts;
            }
        }
        throw new AssertionError("no summary in:\n" + output);
    }

    private List<UserEvent> userEvents() {
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
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            List<UserEvent> events = new ArrayList<>();
            await("user-events read to its end").atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(userId(ADA_OID)) || record.key().equals(userId(BOB_OID))) {
                        events.add(record.value());
                    }
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            return events;
        }
    }

    private List<UserImported> importedUsersOnTheTopic() {
        return userEvents().stream().map(UserEvent::getPayload).filter(UserImported.class::isInstance)
                .map(UserImported.class::cast).toList();
    }

    private List<String> upgradedHashes() {
        return userEvents().stream().map(UserEvent::getPayload).filter(PasswordHashUpgraded.class::isInstance)
                .map(upgraded -> ((PasswordHashUpgraded) upgraded).getPasswordHash()).toList();
    }

    private HttpResponse<String> login(String email, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(commandApi() + "/api/v1/auth/login"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSONObjectUtils.toJSONString(Map.of("email", email, "password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    interface PageCheck {
        boolean test(Map<String, Object> page) throws Exception;
    }

    /** GETs until a 200 whose body passes {@code check}: read models are eventually consistent. */
    private Map<String, Object> awaitOk(String path, String token, PageCheck check) throws Exception {
        List<Map<String, Object>> found = new ArrayList<>();
        await(path).atMost(READ_MODEL).pollInterval(Duration.ofMillis(250)).until(() -> {
            var response = http.send(HttpRequest.newBuilder(URI.create(commandApi() + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            var body = JSONObjectUtils.parse(response.body());
            if (!check.test(body)) {
                return false;
            }
            found.add(body);
            return true;
        });
        return found.get(0);
    }

    private String token(String subject, String tenant, String role) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ports.get("PHISHNET_DEV_ISSUER_PORT") + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(
                        Map.of("sub", subject, "tenant", tenant, "roles", List.of(role))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) JSONObjectUtils.parse(response.body()).get("access_token");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    /** The importer's formula (legacy-importer LegacyIds): a name-based UUID of tenant and legacy id. */
    private static String userId(String legacyId) {
        return UUID.nameUUIDFromBytes(("legacy-user|" + TENANT + "|" + legacyId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** command-api AnalysisId.of(tenant, user, gmailMessageId). */
    private static String analysisId(String userId, String gmailMessageId) {
        return UUID.nameUUIDFromBytes(("analysis|" + TENANT + "|" + userId + "|" + gmailMessageId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String commandApi() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_COMMAND_API_PORT");
    }
}
