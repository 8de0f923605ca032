package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import java.nio.file.Path;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalMongoTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsDocumentsAcrossARestartOnTheSameDataDirectory() {
        try (var mongo = LocalMongo.start("127.0.0.1", 0, dataDir);
                var client = MongoClients.create(uri(mongo))) {
            client.getDatabase("phishnet").getCollection("users").insertOne(new Document("_id", "u-1").append("email", "a@b.c"));
        }

        try (var mongo = LocalMongo.start("127.0.0.1", 0, dataDir);
                var client = MongoClients.create(uri(mongo))) {
            var users = client.getDatabase("phishnet").getCollection("users");
            assertThat(users.find(new Document("_id", "u-1")).first()).containsEntry("email", "a@b.c");
        }
        assertThat(dataDir.resolve(LocalMongo.DATA_FILE)).exists();
    }

    private static String uri(LocalMongo mongo) {
        return "mongodb://127.0.0.1:" + mongo.address().getPort();
    }
}
