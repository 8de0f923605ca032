package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The broker the chaos tests start is configured as run.sh configures its own: from run.sh's own template. */
class KafkaBrokerTest {

    private final Path root = Path.of(System.getProperty("phishnet.root", "..")).toAbsolutePath().normalize();

    @Test
    void serverPropertiesAreRunShsWithThePortsAndDirectoryFilledIn() throws Exception {
        var properties = KafkaBroker.serverProperties(Files.readString(root.resolve("run.sh")), "127.0.0.1", 21001,
                21002, Path.of("/tmp/run-1/kafka"));

        assertThat(properties.lines()).contains("process.roles=broker,controller",
                "controller.quorum.voters=1@127.0.0.1:21002",
                "listeners=PLAINTEXT://127.0.0.1:21001,CONTROLLER://127.0.0.1:21002",
                "advertised.listeners=PLAINTEXT://127.0.0.1:21001", "log.dirs=/tmp/run-1/kafka/data",
                "transaction.state.log.replication.factor=1");
        assertThat(properties).doesNotContain("$");
    }

    @Test
    void aVariableItDoesNotKnowFailsRatherThanStartADifferentBroker() {
        var runSh = "start_kafka() {\n  cat >\"$dir/server.properties\" <<EOF\nlog.dirs=$dir/data\n"
                + "num.io.threads=$KAFKA_IO_THREADS\nEOF\n}\n";

        assertThatThrownBy(() -> KafkaBroker.serverProperties(runSh, "127.0.0.1", 1, 2, Path.of("/tmp/k")))
                .hasMessageContaining("$KAFKA_IO_THREADS");
    }
}
