package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What run.sh must agree on with the rest of the repository; its behaviour is tested by LocalStackIT. */
class RunShTest {

    static String runSh;

    @BeforeAll
    static void read() throws IOException {
        runSh = Files.readString(ProjectRoot.path().resolve("run.sh"));
    }

    @Test
    void usesTheDesignPortsByDefault() {
        Map<String, String> variables = Map.of(
                "command-api", "PHISHNET_COMMAND_API_PORT",
                "schema-registry", "PHISHNET_REGISTRY_PORT",
                "projector", "PHISHNET_PROJECTOR_PORT",
                "cleanup-worker", "PHISHNET_CLEANUP_WORKER_PORT",
                "kafka", "PHISHNET_KAFKA_PORT",
                "mongodb", "PHISHNET_MONGODB_PORT");
        variables.forEach((name, variable) -> assertThat(runSh)
                .as("run.sh default for %s", variable)
                .contains("${" + variable + ":-" + DockerComposeTest.DESIGN_PORTS.get(name) + "}"));
    }

    @Test
    void looksForTheJarsOfTheCurrentProjectVersion() {
        var version = Pattern.compile("^VERSION=\"([^\"]+)\"", Pattern.MULTILINE).matcher(runSh);
        assertThat(version.find()).isTrue();
        assertThat(version.group(1)).isEqualTo(System.getProperty("phishnet.version"));
    }

    @Test
    void passesTheServicesExactlyTheKeysTheyRead() {
        for (var key : DockerComposeTest.SERVICE_ENV_KEYS) {
            assertThat(runSh).contains(key + "=\"$");
        }
        for (var key : DockerComposeTest.COMMAND_API_ENV_KEYS) {
            assertThat(runSh).as("command-api gets %s", key).contains(key + "=\"$");
        }
    }

    @Test
    void givesCommandApiASigningKeyMadeOnceUnderTheDataDirectory() {
        assertThat(runSh)
                .contains("PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE=\"$SIGNING_KEY\"")
                .contains("SIGNING_KEY=\"${OWN_SIGNING_KEY:-$DATA_DIR/keys/command-api-signing.pem}\"")
                .as("an existing key is kept").contains("[ -f \"$SIGNING_KEY\" ] && return 0")
                .as("made by LocalStack's generator, as docker-compose's one-shot does")
                .contains(SigningKeyFile.class.getName() + " \"$SIGNING_KEY\"")
                .as("--reset deletes it with the rest of the data directory").contains("rm -rf \"$DATA_DIR\"");
    }
}
