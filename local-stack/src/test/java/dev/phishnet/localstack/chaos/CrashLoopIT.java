package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.phishnet.localstack.SigningKeyFile;
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
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, points 1 and 7: a crash loop with a verifier, then a secrets scan. ./run.sh runs Kafka, the registry,
 * MongoDB and the development issuer ({@code PHISHNET_SERVICES=""}); this test runs command-api (the command
 * processor), the projector and the cleanup-worker itself, each as its own JVM with the environment run.sh would give
 * it, so that it can kill them with SIGKILL. Under a steady load of mixed commands ({@link Load}) each service is
 * killed and restarted {@code chaos.kills} times (default 2; the run is {@code -Dchaos.kills=10}) at random
 * moments ({@link Kills}). Once everything has caught up, the {@link Verifier} holds every answer against the topics
 * and the audit trail, the read models are checked for duplicates and compared with a fresh rebuild
 * ({@link ReadModels}), and every password, refresh token and one-time code the load used is looked for in the bytes
 * at rest ({@link SecretsScan}). The counts are printed and written to {@code report.txt} in the run's directory.
 */
@Tag("chaos")
class CrashLoopIT {

    private static final Logger log = LoggerFactory.getLogger(CrashLoopIT.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CAUGHT_UP = Duration.ofMinutes(3);
    private static final int CLIENTS = 3;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Path root = Path.of(System.getProperty("phishnet.root", "..")).toAbsolutePath().normalize();
    private final int kills = Integer.getInteger("chaos.kills", 2);
    private final long seed = Long.getLong("chaos.seed", System.nanoTime());

    @Test
    void everyAnswerMatchesTheTopicsTheAuditTrailAndAFreshRebuildAndNoSecretIsAtRest() throws Exception {
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        var workDir = Files.createTempDirectory(base, "chaos-");
        log.info("Crash loop in {}: {} kills of each service, seed {}", workDir, kills, seed);
        var infrastructure = Infrastructure.start(root, workDir);
        List<ServiceProcess> services = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        Load load = null;
        try {
            infrastructure.awaitReady(START_TIMEOUT);
            services.addAll(services(infrastructure, workDir));
            for (var service : services) {
                service.start();
            }
            services.forEach(service -> awaitReady(infrastructure, service));
            var commandApi = services.get(0);

            load = new Load(api(infrastructure), infrastructure.issuer(), commandApi.log(), CLIENTS);
            var loadStarted = System.nanoTime();
            var warm = load;
            await("the load under way").atMost(START_TIMEOUT).until(() -> warm.answered() >= 20);
            var chaos = new Kills(seed, Duration.ofSeconds(2), Duration.ofSeconds(10))
                    .run(services, kills, service -> awaitReady(infrastructure, service));
            chaos.get(kills * 5L + 5, TimeUnit.MINUTES);
            services.forEach(service -> awaitReady(infrastructure, service));
            load.close();
            counts.put("load seconds", Duration.ofNanos(System.nanoTime() - loadStarted).toSeconds());
            var sent = load.sent();
            log.info("Load stopped after {} requests; waiting for every consumer to catch up", sent.size());

            try (var admin = admin(infrastructure)) {
                awaitCaughtUp(admin);
                var topics = new ArrayList<>(Verifier.DOMAIN_TOPICS);
                topics.add(Verifier.COMMANDS);
                topics.add(Verifier.AUDIT);
                var read = EventLog.read(infrastructure.kafka(), infrastructure.registry(), topics);

                try (var mongo = MongoClients.create(infrastructure.mongo())) {
                    var db = mongo.getDatabase("phishnet");
                    var verifier = new Verifier();
                    verifier.verify(sent, read, ReadModels.auditDocumentsByCommand(db, "audit_logs"));
                    counts.putAll(verifier.counts());
                    var duplicates = ReadModels.duplicateEmails(db, "users");

                    var operator = devToken(infrastructure, "operator-1", "admin");
                    var requested = post(infrastructure, "/api/v1/admin/projections/rebuild", operator);
                    assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
                    await("generation 2 active").atMost(CAUGHT_UP).pollInterval(Duration.ofSeconds(1))
                            .until(() -> generationActive(infrastructure, operator, 2));
                    awaitCaughtUp(admin);
                    var compared = ReadModels.compare(db);
                    duplicates = new ArrayList<>(duplicates);
                    duplicates.addAll(ReadModels.duplicateEmails(db, "users_g2"));
                    compared.forEach(c -> counts.put("read-model documents compared: " + c.collection(), c.live()));
                    services.forEach(service -> counts.put("kills of " + service.name(), (long) service.kills()));

                    var report = report(counts, verifier, compared, duplicates);
                    log.info("Crash loop report (seed {}):\n{}", seed, report);
                    Files.writeString(workDir.resolve("report.txt"), report);

                    assertThat(services).allSatisfy(service -> assertThat(service.kills()).as(service.name())
                            .isEqualTo(kills));
                    assertThat(counts.getOrDefault("requests 2xx", 0L)).as("requests that succeeded").isPositive();
                    assertThat(verifier.problems()).as("answers that the topics or the audit trail contradict")
                            .isEmpty();
                    assertThat(duplicates).as("users with one email twice").isEmpty();
                    assertThat(compared).as("read models compared").isNotEmpty()
                            .allSatisfy(c -> assertThat(c.equal()).as("%s equals its rebuild; differences:%n%s",
                                    c.collection(), String.join("\n", c.differences().stream().limit(10).toList()))
                                    .isTrue());
                }
            }
        } finally {
            if (load != null) {
                load.close();
            }
            for (var service : services) {
                service.close();
            }
            infrastructure.close();
        }
        secretsAtRest(workDir, infrastructure, load);
    }

    /** Point 7: after the run, with everything stopped (every log complete, every store flushed). */
    private void secretsAtRest(Path workDir, Infrastructure infrastructure, Load load) throws IOException {
        var data = infrastructure.dataDir();
        var kafka = new SecretsScan(List.of(data.resolve("kafka/data")));
        var mongo = new SecretsScan(List.of(data.resolve("mongo")));
        var logs = new SecretsScan(List.of(data.resolve("logs"), workDir.resolve("logs"),
                infrastructure.outputFile()));
        // The scans read what is stored: password hashes in the records, the users in MongoDB's file.
        assertThat(kafka.holding("$argon2")).as("Kafka files with an Argon2 hash").isNotEmpty();
        assertThat(mongo.holding("$argon2").size() + mongo.holding("chaos-").size()).as("MongoDB files with data")
                .isPositive();
        var passwords = load.passwords();
        var refreshTokens = load.refreshTokens();
        var codes = load.codes();
        log.info("Scanning {} Kafka files ({} MB), {} MongoDB files ({} MB) and {} logs ({} MB) for {} passwords, "
                        + "{} refresh tokens and {} one-time codes", kafka.fileCount(), kafka.bytes() >> 20,
                mongo.fileCount(), mongo.bytes() >> 20, logs.fileCount(), logs.bytes() >> 20, passwords.size(),
                refreshTokens.size(), codes.size());
        List<String> secrets = new ArrayList<>(passwords);
        for (var token : refreshTokens) {
            secrets.add(token);
            secrets.add(token.substring(token.lastIndexOf('.') + 1));
        }
        List<String> found = new ArrayList<>();
        for (var secret : secrets) {
            for (var scan : List.of(kafka, mongo, logs)) {
                found.addAll(scan.findings(secret));
            }
        }
        int codesOnDevelopmentLines = 0;
        for (var code : codes) {
            for (var scan : List.of(kafka, mongo, logs)) {
                found.addAll(scan.codeFindings(code));
            }
            codesOnDevelopmentLines += logs.developmentLinesWith(code).isEmpty() ? 0 : 1;
        }
        log.info("Secrets scan: {} findings; {} of {} codes on the development sender's lines of command-api's log "
                + "(where the local stack hands them out)", found.size(), codesOnDevelopmentLines, codes.size());
        assertThat(passwords).as("passwords the load used").isNotEmpty();
        assertThat(refreshTokens).as("refresh tokens the load was handed").isNotEmpty();
        assertThat(found).as("secrets at rest").isEmpty();
    }

    // ---- the services, as run.sh starts them -------------------------------------------------------------------

    private List<ServiceProcess> services(Infrastructure infrastructure, Path workDir) throws IOException {
        var signingKey = workDir.resolve("keys/command-api-signing.pem");
        SigningKeyFile.main(new String[] {signingKey.toString()});
        var common = Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafka(),
                "PLATFORM_SCHEMA_REGISTRY_URL", infrastructure.registry(),
                "PLATFORM_TOPICS_REPLICATION_FACTOR", "1",
                "SERVER_ADDRESS", "127.0.0.1");
        Map<String, String> commandApi = new LinkedHashMap<>(common);
        commandApi.putAll(Map.of(
                "SERVER_PORT", String.valueOf(infrastructure.port("PHISHNET_COMMAND_API_PORT")),
                "SPRING_MONGODB_URI", infrastructure.mongo(),
                "PLATFORM_REGISTRATION_OPEN", "true",
                "PLATFORM_SESSIONS_ONETIMECODES_SENDER", "console",
                "PLATFORM_SECURITY_TRUSTEDISSUERS_0_ISSUERURI", infrastructure.issuer(),
                "PLATFORM_TOKENS_ISSUER", api(infrastructure),
                "PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE", signingKey.toString(),
                // Behind a "proxy": each client request comes from an address of its own (X-Forwarded-For), so that
                // the load's wrong passwords do not lock the one address 127.0.0.1 for everybody.
                "SERVER_FORWARDHEADERSSTRATEGY", "framework"));
        Map<String, String> projector = new LinkedHashMap<>(common);
        projector.putAll(Map.of(
                "SERVER_PORT", String.valueOf(infrastructure.port("PHISHNET_PROJECTOR_PORT")),
                "SPRING_MONGODB_URI", infrastructure.mongo(),
                // Generation 1 stays after the rebuild's switch, to be compared with generation 2.
                "PLATFORM_PROJECTOR_REBUILD_GRACEPERIOD", "30m",
                "PLATFORM_PROJECTOR_REBUILD_PROGRESSINTERVAL", "1s"));
        Map<String, String> cleanupWorker = new LinkedHashMap<>(common);
        cleanupWorker.put("SERVER_PORT", String.valueOf(infrastructure.port("PHISHNET_CLEANUP_WORKER_PORT")));
        var serviceJvm = List.of("-Xmx256m", "-XX:+UseSerialGC");
        return List.of(
                new ServiceProcess("command-api", ServiceProcess.jar(root, "command-api"),
                        List.of("-Xmx512m", "-Xmn256m", "-XX:+UseSerialGC"), commandApi,
                        workDir.resolve("services/command-api"), workDir.resolve("logs/command-api.log")),
                new ServiceProcess("projector", ServiceProcess.jar(root, "projector"), serviceJvm, projector,
                        workDir.resolve("services/projector"), workDir.resolve("logs/projector.log")),
                new ServiceProcess("cleanup-worker", ServiceProcess.jar(root, "cleanup-worker"), serviceJvm,
                        cleanupWorker, workDir.resolve("services/cleanup-worker"),
                        workDir.resolve("logs/cleanup-worker.log")));
    }

    private static int port(Infrastructure infrastructure, ServiceProcess service) {
        return infrastructure.port("PHISHNET_" + service.name().toUpperCase().replace('-', '_') + "_PORT");
    }

    /** Health UP: the service answers (its Streams application may still rebalance or restore). */
    private void awaitUp(Infrastructure infrastructure, ServiceProcess service) {
        await(service.name() + " UP").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(service.alive()).as("%s exited; see %s", service.name(), service.log()).isTrue();
            var health = get("http://127.0.0.1:" + port(infrastructure, service) + "/actuator/health");
            return health != null && health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
        });
    }

    /** UP, and for command-api its command processor RUNNING, as run.sh waits for it. */
    private void awaitReady(Infrastructure infrastructure, ServiceProcess service) {
        awaitUp(infrastructure, service);
        if (service.name().equals("command-api")) {
            await("command-api's processor RUNNING").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        var processor = get(api(infrastructure) + "/actuator/health/commandProcessor");
                        return processor != null && processor.body().contains("\"state\":\"RUNNING\"");
                    });
        }
    }

    // ---- catching up ---------------------------------------------------------------------------------------------

    private static Admin admin(Infrastructure infrastructure) {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka());
        return Admin.create(props);
    }

    /**
     * Every consumer group of the platform (the processor, the projector's generations, the cleanup worker) has
     * committed up to the last stable offset of every partition it reads: everything sent has been decided, and
     * everything decided is in the read models (the projector writes them before it commits).
     */
    private static void awaitCaughtUp(Admin admin) {
        await("every consumer group caught up").atMost(CAUGHT_UP).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(lag(admin)).as("lag by group and partition").isEmpty());
    }

    private static Map<String, Long> lag(Admin admin) throws Exception {
        var groups = admin.listGroups().all().get().stream().map(group -> group.groupId())
                .filter(group -> group.startsWith("phishnet-")).toList();
        Map<String, Long> lagging = new TreeMap<>();
        for (var group : groups) {
            var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(committed.keySet().stream()
                            .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())),
                    new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get();
            committed.forEach((partition, offset) -> {
                long lag = ends.get(partition).offset() - (offset == null ? 0 : offset.offset());
                if (lag > 0) {
                    lagging.put(group + " " + partition, lag);
                }
            });
        }
        return lagging;
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------------

    private static String api(Infrastructure infrastructure) {
        return "http://127.0.0.1:" + infrastructure.port("PHISHNET_COMMAND_API_PORT");
    }

    @SuppressWarnings("unchecked")
    private boolean generationActive(Infrastructure infrastructure, String operator, int generation)
            throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(api(infrastructure) + "/api/v1/admin/projections"))
                .header("Authorization", "Bearer " + operator).GET().build(), HttpResponse.BodyHandlers.ofString());
        var overview = JSONObjectUtils.parse(response.body());
        return ((Number) overview.get("active")).intValue() == generation;
    }

    private HttpResponse<String> get(String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException notAnswering) {
            return null;
        }
    }

    private HttpResponse<String> post(Infrastructure infrastructure, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api(infrastructure) + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String devToken(Infrastructure infrastructure, String subject, String role) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(infrastructure.issuer() + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(Map.of("sub", subject,
                        "tenant", "default", "roles", List.of(role))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) JSONObjectUtils.parse(response.body()).get("access_token");
    }

    private static String report(Map<String, Long> counts, Verifier verifier, List<ReadModels.Compared> compared,
            List<String> duplicates) {
        var text = new StringBuilder();
        counts.forEach((what, count) -> text.append(String.format("  %-60s %8d%n", what, count)));
        text.append("Read models, live (generation 1, through the kills) against a fresh rebuild (generation 2):\n")
                .append(ReadModels.summary(compared)).append('\n');
        text.append("Problems: ").append(verifier.problems().size()).append('\n');
        verifier.problems().stream().limit(50).forEach(problem -> text.append("  ").append(problem).append('\n'));
        compared.stream().filter(c -> !c.equal()).forEach(c -> c.differences().stream().limit(5)
                .forEach(difference -> text.append("  ").append(c.collection()).append(": ").append(difference)
                        .append('\n')));
        duplicates.forEach(duplicate -> text.append("  duplicate email: ").append(duplicate).append('\n'));
        return text.toString();
    }
}
