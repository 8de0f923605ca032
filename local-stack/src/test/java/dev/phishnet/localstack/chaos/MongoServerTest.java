package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.time.Duration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MongoDB of the outage test: stopped with SIGTERM right after a burst of acknowledged writes (within the store's
 * 1 s autocommit delay) and started again on the same port and data, it has every one of them.
 */
class MongoServerTest {

    private final Path root = Path.of(System.getProperty("phishnet.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path workDir;

    @Test
    void keepsEveryAcknowledgedWriteAcrossASigtermAndARestartOnTheSamePort() throws Exception {
        try (var mongo = new MongoServer(root, workDir)) {
            mongo.start();
            mongo.awaitReady(Duration.ofMinutes(1));
            try (var client = MongoClients.create(mongo.uri())) {
                var users = client.getDatabase("phishnet").getCollection("users");
                for (int i = 0; i < 500; i++) {
                    users.insertOne(new Document("_id", "u-" + i).append("email", "u" + i + "@example.com"));
                }
                users.updateOne(Filters.eq("_id", "counter"), Updates.inc("n", 1), new UpdateOptions().upsert(true));
                mongo.stop();

                mongo.start();
                mongo.awaitReady(Duration.ofMinutes(1));
                // The same client: the driver reconnects to the same address by itself.
                assertThat(users.countDocuments()).as("documents after the restart").isEqualTo(501);
                assertThat(users.find(Filters.eq("_id", "u-499")).first()).containsEntry("email", "u499@example.com");
                assertThat(users.find(Filters.eq("_id", "counter")).first()).containsEntry("n", 1);
            }
            mongo.stop();
        }
    }
}
