package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blue/green rebuild of the read models on the real stack, as an operator would run it: users registered through the
 * API, queries running continuously, a rebuild requested over REST, its progress watched, the projector restarted in
 * the middle, the switch, the old generation dropped after a short grace period; then a second rebuild through the
 * CLI ({@code java -jar projector.jar rebuild}). ./run.sh runs everything but the projector, which this test runs
 * itself (it restarts it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildEndToEndIT {

    private static final Logger log = LoggerFactory.getLogger(RebuildEndToEndIT.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration REBUILD = Duration.ofMinutes(3);
    private static final int USERS = 40;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Path root = ProjectRoot.path();
    private Path workDir;
    private Map<String, Integer> ports;
    private RunScript stack;
    private Projector projector;
    private String operator;

    @BeforeAll
    void startTheStack() throws Exception {
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        workDir = Files.createTempDirectory(base, "rebuild-");
        ports = RunScript.freePorts("PHISHNET_KAFKA_PORT", "PHISHNET_KAFKA_CONTROLLER_PORT", "PHISHNET_REGISTRY_PORT",
                "PHISHNET_REGISTRY_INTERNAL_PORT", "PHISHNET_MONGODB_PORT", "PHISHNET_COMMAND_API_PORT",
                "PHISHNET_PROJECTOR_PORT", "PHISHNET_CLEANUP_WORKER_PORT", "PHISHNET_DEV_ISSUER_PORT");
        Map<String, String> settings = new LinkedHashMap<>();
        ports.forEach((variable, port) -> settings.put(variable, port.toString()));
        settings.put("PHISHNET_SERVICES", "command-api cleanup-worker");
        // The operator queries every 20 ms throughout the rebuild: far past the 600 a minute a client gets by default.
        settings.put("PLATFORM_RATELIMIT_DEFAULTPERMINUTE", "1000000");
        stack = RunScript.start(root, workDir.resolve("data"), settings, workDir.resolve("run.out"));
        stack.awaitReady(START_TIMEOUT);
        projector = Projector.start(root, workDir.resolve("projector"), projectorSettings());
        awaitProjectorUp();
        operator = token("operator-1", "default", "admin");
    }

    @AfterAll
    void stopTheStack() throws Exception {
        if (projector != null) {
            projector.close();
        }
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
    void aRebuildSwitchesWithoutAFailedOrEmptyQueryAndDropsTheOldGeneration() throws Exception {
        for (int i = 0; i < USERS; i++) {
            register(i);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> total(users()) == USERS);
        var before = users();

        var queried = new AtomicInteger();
        var failures = new ConcurrentLinkedQueue<String>();
        ScheduledExecutorService queries = Executors.newSingleThreadScheduledExecutor();
        queries.scheduleWithFixedDelay(() -> {
            try {
                var users = get("/api/v1/users?size=100", operator);
                var audit = get("/api/v1/audit?size=5", operator);
                queried.incrementAndGet();
                if (users.statusCode() != 200 || total(json(users.body())) != USERS) {
                    failures.add("users: " + users.statusCode() + " " + users.body());
                }
                if (audit.statusCode() != 200 || items(json(audit.body())).isEmpty()) {
                    failures.add("audit: " + audit.statusCode() + " " + audit.body());
                }
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        try {
            var requested = post("/api/v1/admin/projections/rebuild", operator, "");
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
            assertThat(json(requested.body())).containsEntry("generation", 2L);
            assertThat(json(requested.body()).get("state")).isIn("REQUESTED", "BUILDING");
            var again = post("/api/v1/admin/projections/rebuild", operator, "");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
            assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));

            // Restart the projector once the new generation is being built: it resumes from its own commits.
            await().atMost(REBUILD).until(() -> {
                var state = generation(overview(), 2).get("state");
                return "BUILDING".equals(state) || "ACTIVE".equals(state);
            });
            log.info("Restarting the projector during the rebuild: {}", generation(overview(), 2));
            projector.close();
            projector = Projector.start(root, workDir.resolve("projector"), projectorSettings());
            awaitProjectorUp();

            var watched = new ArrayList<Map<String, Object>>();
            await().atMost(REBUILD).pollInterval(Duration.ofMillis(500)).until(() -> {
                var overview = overview();
                watched.add(generation(overview, 2));
                // The switch is one update of "current"; g2's own document says ACTIVE right after.
                return ((Number) overview.get("active")).intValue() == 2
                        && "ACTIVE".equals(generation(overview, 2).get("state"));
            });
            log.info("Progress watched during the rebuild: {}", watched);
            var rebuilt = generation(overview(), 2);
            assertThat(rebuilt).containsEntry("state", "ACTIVE").containsKeys("requestedAt", "startedAt",
                    "activatedAt");
            @SuppressWarnings("unchecked")
            var progress = (Map<String, Object>) rebuilt.get("progress");
            assertThat(((Number) progress.get("lag")).longValue()).isLessThanOrEqualTo(100);
            @SuppressWarnings("unchecked")
            var partitions = (List<Map<String, Object>>) progress.get("partitions");
            assertThat(partitions).isNotEmpty().allSatisfy(partition -> assertThat(partition)
                    .containsKeys("application", "topic", "partition", "checkpoint", "endOffset", "lag"));
            assertThat(partitions).extracting(partition -> partition.get("application"))
                    .contains("projector", "aggregates");
            assertThat(progress).containsKeys("eventsPerSecond", "measuredAt", "checkpoint", "endOffset");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(items(users())).isEqualTo(items(before)));
            var metrics = get("http://127.0.0.1:" + ports.get("PHISHNET_PROJECTOR_PORT") + "/actuator/prometheus",
                    null);
            assertThat(metrics.body()).contains("projector_rebuild_progress{generation=\"2\"}",
                    "projector_generation_lag{application=\"projector\",generation=\"2\"}");

            // The old generation goes after the grace period (5 s here), and nothing of it is left in MongoDB.
            await().atMost(Duration.ofMinutes(1)).until(() ->
                    "DROPPED".equals(generation(overview(), 1).get("state")));
            try (var mongo = MongoClients.create("mongodb://127.0.0.1:" + ports.get("PHISHNET_MONGODB_PORT"))) {
                assertThat(mongo.getDatabase("phishnet").listCollectionNames().into(new ArrayList<>()))
                        .doesNotContain("users", "audit_logs", "sessions").contains("users_g2", "audit_logs_g2");
            }
            var audited = items(json(get("/api/v1/audit?action=projections.rebuild", operator).body()));
            assertThat(audited).anySatisfy(entry -> assertThat(entry).containsEntry("resourceId", "g2"));

            // The CLI: a second rebuild, its progress printed until generation 3 is active.
            var cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", Projector.jar(root).toString(), "rebuild", "--api", commandApi(), "--token", operator,
                    "--interval", "500ms").redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("cli.out").toFile()).start();
            assertThat(cli.waitFor(REBUILD.toSeconds(), TimeUnit.SECONDS)).isTrue();
            var printed = Files.readString(workDir.resolve("cli.out"));
            log.info("The rebuild command printed:\n{}", printed);
            assertThat(cli.exitValue()).as(printed).isZero();
            assertThat(printed).contains("Rebuild of generation 3 requested.", "g3 ", "Generation 3 is active");
            assertThat(items(users())).isEqualTo(items(before));
        } finally {
            // The round in flight finishes; no further one starts.
            queries.shutdown();
            assertThat(queries.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        log.info("{} query rounds (users and audit) during the rebuilds", queried.get());
        assertThat(failures).as("failed or empty queries").isEmpty();
        assertThat(queried.get()).isPositive();
    }

    /**
     * Registers user {@code i} under an idempotency key, retried while the outcome is not known yet (503 on a loaded
     * machine): the retry answers with the first attempt's outcome instead of registering twice.
     */
    private void register(int i) throws Exception {
        var body = JSONObjectUtils.toJSONString(Map.of("email", "user-" + i + "-" + UUID.randomUUID() + "@example.com",
                "password", "correct horse battery " + i, "fullName", "User " + i));
        var key = UUID.randomUUID().toString();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            var registered = http.send(HttpRequest.newBuilder(URI.create(commandApi() + "/api/v1/users"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).as(registered.body()).isIn(201, 503);
            return registered.statusCode() == 201;
        });
    }

    private Map<String, String> projectorSettings() {
        return Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + ports.get("PHISHNET_KAFKA_PORT"),
                "PLATFORM_SCHEMA_REGISTRY_URL", "http://127.0.0.1:" + ports.get("PHISHNET_REGISTRY_PORT"),
                "SPRING_MONGODB_URI", "mongodb://127.0.0.1:" + ports.get("PHISHNET_MONGODB_PORT") + "/phishnet",
                "PLATFORM_TOPICS_REPLICATION_FACTOR", "1",
                "SERVER_PORT", ports.get("PHISHNET_PROJECTOR_PORT").toString(),
                "PLATFORM_PROJECTOR_REBUILD_GRACEPERIOD", "5s",
                "PLATFORM_PROJECTOR_REBUILD_PROGRESSINTERVAL", "1s");
    }

    private void awaitProjectorUp() {
        await("the projector's health UP").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                var health = get("http://127.0.0.1:" + ports.get("PHISHNET_PROJECTOR_PORT") + "/actuator/health",
                        null);
                return health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
            } catch (IOException e) {
                return false;
            }
        });
    }

    private Map<String, Object> overview() throws Exception {
        var response = get("/api/v1/admin/projections", operator);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> generation(Map<String, Object> overview, int generation) {
        return ((List<Map<String, Object>>) overview.get("generations")).stream()
                .filter(candidate -> ((Number) candidate.get("generation")).intValue() == generation)
                .findFirst().orElse(Map.of());
    }

    private Map<String, Object> users() throws Exception {
        var response = get("/api/v1/users?size=100", operator);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    private static long total(Map<String, Object> page) {
        return ((Number) page.get("total")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : commandApi() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(commandApi() + path)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String token(String subject, String tenant, String role) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ports.get("PHISHNET_DEV_ISSUER_PORT") + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(
                        Map.of("sub", subject, "tenant", tenant, "roles", List.of(role))))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) json(response.body()).get("access_token");
    }

    private String commandApi() {
        return "http://127.0.0.1:" + ports.get("PHISHNET_COMMAND_API_PORT");
    }

    private static Map<String, Object> json(String body) throws Exception {
        return JSONObjectUtils.parse(body);
    }

    /** The projector as run.sh would start it, in a directory of its own (its state), stopped with SIGTERM. */
    private static final class Projector implements AutoCloseable {

        private final Process process;

        private Projector(Process process) {
            this.process = process;
        }

        static Projector start(Path root, Path directory, Map<String, String> settings) throws IOException {
            Files.createDirectories(directory);
            var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar(root).toString())
                    .directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("projector.log").toFile()));
            builder.environment().keySet().removeIf(name -> name.startsWith("PHISHNET_")
                    || name.startsWith("PLATFORM_") || name.startsWith("SPRING_"));
            builder.environment().put("SERVER_ADDRESS", "127.0.0.1");
            builder.environment().putAll(settings);
            return new Projector(builder.start());
        }

        static Path jar(Path root) throws IOException {
            try (Stream<Path> files = Files.list(root.resolve("projector/target"))) {
                return files.filter(file -> file.getFileName().toString().matches("projector-[0-9].*\\.jar"))
                        .filter(file -> !file.getFileName().toString().endsWith("-sources.jar"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no projector jar: build the project first"));
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
