package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run on our machines (no Docker engine), so it is kept honest by reading it:
 * the shape every deployment of the platform relies on is checked here.
 */
class DockerComposeTest {

    /** The default ports of DESIGN.md, "Local stack and ports"; run.sh and docker-compose.yml both use them. */
    static final Map<String, Integer> DESIGN_PORTS = Map.of(
            "command-api", 8080,
            "schema-registry", 8081,
            "projector", 8082,
            "cleanup-worker", 8083,
            "kafka", 9092,
            "mongodb", 27017);

    static final Set<String> SPRING_SERVICES = Set.of("command-api", "projector", "cleanup-worker");

    /** Services that run once to completion before those that need them. */
    static final Set<String> ONE_SHOTS = Set.of("signing-key");

    /** Exactly the keys the services read (Spring relaxed binding of their properties). */
    static final Set<String> SERVICE_ENV_KEYS = Set.of(
            "SPRING_KAFKA_BOOTSTRAP_SERVERS", "SPRING_MONGODB_URI", "PLATFORM_SCHEMA_REGISTRY_URL",
            "PLATFORM_TOPICS_REPLICATION_FACTOR", "SERVER_PORT", "SERVER_ADDRESS");

    /** What command-api reads beyond them: the issuer of its own tokens and the key that signs them. */
    static final Set<String> COMMAND_API_ENV_KEYS = Set.of(
            "PLATFORM_TOKENS_ISSUER", "PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE");

    static Map<String, Map<String, Object>> services;

    static Map<String, Object> volumes;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        try (Reader reader = Files.newBufferedReader(ProjectRoot.path().resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
            volumes = (Map<String, Object>) compose.get("volumes");
        }
    }

    @Test
    void runsKafkaTheRegistryMongoDbTheThreeServicesAndTheOneShotsTheyNeed() {
        var expected = new HashSet<>(DESIGN_PORTS.keySet());
        expected.addAll(ONE_SHOTS);
        assertThat(services).containsOnlyKeys(expected);
    }

    @Test
    void everyLongRunningServiceHasAHealthCheck() {
        services.forEach((name, service) -> {
            if (!ONE_SHOTS.contains(name)) {
                assertThat(map(service, "healthcheck")).as("healthcheck of %s", name).containsKey("test");
            }
        });
    }

    /** A part that dies (kill -9, out of memory) comes back by itself, as under ./run.sh. */
    @Test
    void everyLongRunningServiceIsRestartedWhenItDies() {
        services.forEach((name, service) -> {
            if (!ONE_SHOTS.contains(name)) {
                assertThat(service.get("restart")).as("restart policy of %s", name).isEqualTo("unless-stopped");
            }
        });
    }

    @Test
    void everyDependencyWaitsUntilItIsHealthy() {
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            // The short list form means "started", not "healthy".
            assertThat(dependsOn).as("depends_on of %s must be a map with conditions", name).isInstanceOf(Map.class);
            // A one-shot is waited for until it has finished, and finished well.
            ((Map<?, ?>) dependsOn).forEach((dependency, condition) -> assertThat(condition)
                    .as("%s depends on %s", name, dependency)
                    .isEqualTo(Map.of("condition", ONE_SHOTS.contains(dependency)
                            ? "service_completed_successfully" : "service_healthy")));
        });
    }

    @Test
    void servicesStartAfterTheInfrastructureTheyUse() {
        assertThat(map(services.get("command-api"), "depends_on"))
                .containsOnlyKeys("kafka", "schema-registry", "mongodb", "signing-key");
        assertThat(map(services.get("projector"), "depends_on")).containsOnlyKeys("kafka", "schema-registry", "mongodb");
        assertThat(map(services.get("cleanup-worker"), "depends_on")).containsOnlyKeys("kafka", "schema-registry");
        assertThat(map(services.get("schema-registry"), "depends_on")).containsOnlyKeys("kafka");
    }

    @Test
    void springServicesGetExactlyTheKeysTheyRead() {
        for (var name : SPRING_SERVICES) {
            var env = map(services.get(name), "environment");
            var expected = new ArrayList<>(SERVICE_ENV_KEYS);
            if (name.equals("cleanup-worker")) {
                expected.remove("SPRING_MONGODB_URI");
            }
            if (name.equals("command-api")) {
                expected.addAll(COMMAND_API_ENV_KEYS);
            }
            assertThat(env.keySet()).as("environment of %s", name).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(env.get("SERVER_ADDRESS")).as("%s listens on all interfaces of its container", name)
                    .isEqualTo("0.0.0.0");
            assertThat(String.valueOf(env.get("SERVER_PORT"))).isEqualTo(String.valueOf(DESIGN_PORTS.get(name)));
            assertThat(String.valueOf(env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"))).startsWith("kafka:");
            assertThat(String.valueOf(env.get("PLATFORM_SCHEMA_REGISTRY_URL"))).isEqualTo("http://schema-registry:8081");
            if (env.containsKey("SPRING_MONGODB_URI")) {
                assertThat(String.valueOf(env.get("SPRING_MONGODB_URI")))
                        .startsWith("mongodb://mongodb:27017/")
                        .contains("replicaSet=rs0");
            }
        }
    }

    @Test
    void commandApiSignsWithTheKeyTheOneShotMakesOnceInAVolume() throws IOException {
        var oneShot = services.get("signing-key");
        var commandApi = services.get("command-api");
        var keyFile = String.valueOf(map(commandApi, "environment")
                .get("PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE"));

        assertThat(keyFile).isEqualTo("/keys/signing.pem");
        assertThat(oneShot.get("command")).as("the one-shot writes where command-api reads")
                .isEqualTo(List.of(keyFile));
        assertThat(oneShot.get("volumes")).isEqualTo(List.of("command-api-keys:/keys"));
        assertThat(commandApi.get("volumes")).as("command-api only reads it")
                .isEqualTo(List.of("command-api-keys:/keys:ro"));
        assertThat(volumes).as("a named volume: the key outlives the containers").containsKey("command-api-keys");
        assertThat(map(oneShot, "build")).containsEntry("target", "signing-key");
    }

    @Test
    void theKeyStageRunsTheLocalStacksGeneratorAsTheServicesUser() throws IOException {
        var dockerfile = Files.readString(ProjectRoot.path().resolve("Dockerfile"));
        var services = dockerfile.indexOf("FROM eclipse-temurin:17-jre");
        var stage = dockerfile.substring(dockerfile.indexOf("AS signing-key"), services);
        var generator = "local-stack/src/main/java/dev/phishnet/localstack/SigningKeyFile.java";

        assertThat(stage).contains("COPY " + generator + " ").contains("chown phishnet /keys")
                .contains("USER phishnet");
        assertThat(ProjectRoot.path().resolve(generator)).exists();
        // The key is owner-only: the services' user must be the very uid that wrote it.
        assertThat(stage).contains("--uid 10001");
        assertThat(dockerfile.substring(services)).contains("--uid 10001");
    }

    @Test
    void mongoDbRunsAsAReplicaSetThatItsHealthCheckInitiates() {
        var mongodb = services.get("mongodb");
        assertThat(String.valueOf(mongodb.get("command"))).contains("--replSet", "rs0");
        assertThat(String.valueOf(map(mongodb, "healthcheck").get("test"))).contains("rs.initiate", "rs0");
    }

    @Test
    void theRegistryEnforcesBackwardCompatibility() {
        assertThat(map(services.get("schema-registry"), "environment"))
                .containsEntry("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "BACKWARD");
    }

    @Test
    void kafkaRunsInKRaftModeWithoutZooKeeper() {
        var env = map(services.get("kafka"), "environment");
        assertThat(String.valueOf(env.get("KAFKA_PROCESS_ROLES"))).isEqualTo("broker,controller");
        assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
    }

    @Test
    void everythingIsPublishedOnTheHostPortsOfTheDesign() {
        DESIGN_PORTS.forEach((name, port) -> assertThat(services.get(name).get("ports"))
                .as("ports of %s", name)
                .isEqualTo(List.of("127.0.0.1:" + port + ":" + port)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        assertThat(parent).containsKey(key);
        return (Map<String, Object>) parent.get(key);
    }
}
