package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.phishnet.localstack.SigningKeyFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;

/**
 * What every chaos test runs against: the {@link Infrastructure} (./run.sh without services) and the three services
 * as JVMs of the test's own ({@link ServiceProcess}), started with the environment run.sh would give them, so that a
 * test can kill them; plus the waits and calls the tests share (ready, caught up, tokens, a rebuild).
 */
final class ChaosStack implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    static final Duration CAUGHT_UP = Duration.ofMinutes(3);
    /** Static membership, as run.sh sets it for each service. */
    private static final String INSTANCE_ID = "SPRING_KAFKA_STREAMS_PROPERTIES_MAIN_CONSUMER_GROUP_INSTANCE_ID";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Infrastructure infrastructure;
    private final List<ServiceProcess> services;

    private ChaosStack(Infrastructure infrastructure, List<ServiceProcess> services) {
        this.infrastructure = infrastructure;
        this.services = services;
    }

    /**
     * Starts ./run.sh (with {@code settings} on top, see {@link Infrastructure#start(Path, Path, Map)}) and, once it is
     * up, command-api, the projector and the cleanup-worker; returns when all three are ready.
     * {@code serviceSettings} are added to every service's environment (e.g. shorter timeouts).
     */
    static ChaosStack start(Path root, Path workDir, Map<String, String> settings,
            Map<String, String> serviceSettings) throws IOException {
        var infrastructure = Infrastructure.start(root, workDir, settings);
        var stack = new ChaosStack(infrastructure, List.of());
        try {
            infrastructure.awaitReady(START_TIMEOUT);
            stack = new ChaosStack(infrastructure, services(root, infrastructure, workDir, serviceSettings));
            for (var service : stack.services) {
                service.start();
            }
            stack.services.forEach(stack::awaitReady);
            return stack;
        } catch (RuntimeException | IOException e) {
            closeQuietly(stack, e);
            throw e;
        }
    }

    private static void closeQuietly(ChaosStack stack, Exception cause) {
        try {
            stack.close();
        } catch (Exception suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    Infrastructure infrastructure() {
        return infrastructure;
    }

    /** command-api, projector, cleanup-worker, in that order. */
    List<ServiceProcess> services() {
        return services;
    }

    ServiceProcess commandApi() {
        return services.get(0);
    }

    /** Stops the services (SIGTERM), then run.sh (Ctrl-C). */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            for (var service : services) {
                service.close();
            }
        } finally {
            infrastructure.close();
        }
    }

    // ---- the services, as run.sh starts them -------------------------------------------------------------------

    private static List<ServiceProcess> services(Path root, Infrastructure infrastructure, Path workDir,
            Map<String, String> serviceSettings) throws IOException {
        var signingKey = workDir.resolve("keys/command-api-signing.pem");
        SigningKeyFile.main(new String[] {signingKey.toString()});
        Map<String, String> common = new LinkedHashMap<>(Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafka(),
                "PLATFORM_SCHEMA_REGISTRY_URL", infrastructure.registry(),
                "PLATFORM_TOPICS_REPLICATION_FACTOR", "1",
                "SERVER_ADDRESS", "127.0.0.1"));
        Map<String, String> commandApi = new LinkedHashMap<>(common);
        commandApi.putAll(Map.of(
                "SERVER_PORT", String.valueOf(infrastructure.port("PHISHNET_COMMAND_API_PORT")),
                "SPRING_MONGODB_URI", infrastructure.mongo(),
                "PLATFORM_REGISTRATION_OPEN", "true",
                "PLATFORM_SESSIONS_ONETIMECODES_SENDER", "webhook",
                "PLATFORM_SESSIONS_ONETIMECODES_WEBHOOKURL", infrastructure.issuer() + "/mailbox",
                "PLATFORM_SECURITY_TRUSTEDISSUERS_0_ISSUERURI", infrastructure.issuer(),
                "PLATFORM_TOKENS_ISSUER", api(infrastructure),
                "PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE", signingKey.toString(),
                // Behind a "proxy": each client request comes from an address of its own (X-Forwarded-For), so that
                // the load's wrong passwords do not lock the one address 127.0.0.1 for everybody.
                "SERVER_FORWARDHEADERSSTRATEGY", "framework"));
        commandApi.put(INSTANCE_ID, "command-api-local");
        commandApi.putAll(serviceSettings);
        Map<String, String> projector = new LinkedHashMap<>(common);
        projector.putAll(Map.of(
                "SERVER_PORT", String.valueOf(infrastructure.port("PHISHNET_PROJECTOR_PORT")),
                "SPRING_MONGODB_URI", infrastructure.mongo(),
                // Generation 1 stays after the rebuild's switch, to be compared with generation 2.
                "PLATFORM_PROJECTOR_REBUILD_GRACEPERIOD", "30m",
                "PLATFORM_PROJECTOR_REBUILD_PROGRESSINTERVAL", "1s"));
        projector.put(INSTANCE_ID, "projector-local");
        projector.putAll(serviceSettings);
        Map<String, String> cleanupWorker = new LinkedHashMap<>(common);
        cleanupWorker.put("SERVER_PORT", String.valueOf(infrastructure.port("PHISHNET_CLEANUP_WORKER_PORT")));
        cleanupWorker.put(INSTANCE_ID, "cleanup-worker-local");
        cleanupWorker.putAll(serviceSettings);
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

    private int port(ServiceProcess service) {
        return infrastructure.port("PHISHNET_" + service.name().toUpperCase().replace('-', '_') + "_PORT");
    }

    /** Health UP: the service answers (its Streams application may still rebalance or restore). */
    void awaitUp(ServiceProcess service) {
        await(service.name() + " UP").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(service.alive()).as("%s exited; see %s", service.name(), service.log()).isTrue();
            var health = get("http://127.0.0.1:" + port(service) + "/actuator/health");
            return health != null && health.statusCode() == 200 && health.body().contains("\"status\":\"UP\"");
        });
    }

    /** UP, and for command-api its command processor RUNNING, as run.sh waits for it. */
    void awaitReady(ServiceProcess service) {
        awaitUp(service);
        if (service.name().equals("command-api")) {
            await("command-api's processor RUNNING").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        var processor = get(api() + "/actuator/health/commandProcessor");
                        return processor != null && processor.body().contains("\"state\":\"RUNNING\"");
                    });
        }
    }

    // ---- catching up ---------------------------------------------------------------------------------------------

    Admin admin() {
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafka());
        return Admin.create(props);
    }

    /**
     * Every consumer group of the platform (the processor, the projector's generations, the cleanup worker) has
     * committed up to the last stable offset of every partition it reads: everything sent has been decided, and
     * everything decided is in the read models (the projector writes them before it commits).
     */
    static void awaitCaughtUp(Admin admin) {
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

    String api() {
        return api(infrastructure);
    }

    private static String api(Infrastructure infrastructure) {
        return "http://127.0.0.1:" + infrastructure.port("PHISHNET_COMMAND_API_PORT");
    }

    /** Asks for a rebuild as the operator tenant's admin and waits until {@code generation} serves the queries. */
    void rebuildTo(int generation) throws Exception {
        var operator = devToken("operator-1", "admin");
        var requested = post("/api/v1/admin/projections/rebuild", operator);
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        await("generation " + generation + " active").atMost(CAUGHT_UP).pollInterval(Duration.ofSeconds(1))
                .until(() -> generationActive(operator, generation));
    }

    @SuppressWarnings("unchecked")
    private boolean generationActive(String operator, int generation) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(api() + "/api/v1/admin/projections"))
                .header("Authorization", "Bearer " + operator).GET().build(), HttpResponse.BodyHandlers.ofString());
        var overview = JSONObjectUtils.parse(response.body());
        return ((Number) overview.get("active")).intValue() == generation;
    }

    /** The answer, or null when nothing answers (connection refused or reset, or no answer within 5 s). */
    HttpResponse<String> get(String url) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException notAnswering) {
            return null;
        }
    }

    HttpResponse<String> post(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api() + path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A token of the development issuer for tenant {@code default}. */
    String devToken(String subject, String role) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(infrastructure.issuer() + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(Map.of("sub", subject,
                        "tenant", "default", "roles", List.of(role))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) JSONObjectUtils.parse(response.body()).get("access_token");
    }
}
