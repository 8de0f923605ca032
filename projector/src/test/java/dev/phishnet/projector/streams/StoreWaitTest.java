package dev.phishnet.projector.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.ProjectorProperties;
import dev.phishnet.projector.user.UserDocuments;
import dev.phishnet.projector.user.UserView;
import dev.phishnet.projector.testing.Events;
import dev.phishnet.service.SchemaRegistrySettings;
import dev.phishnet.service.topics.Topic;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;

/** The projector's MongoDB client waits out an outage of up to {@code platform.projector.store-wait}. */
class StoreWaitTest {

    private static final Duration STORE_WAIT = Duration.ofMinutes(2);

    @Test
    void theClientWaitsTheStoreWaitForAReachableServerInsteadOfTheDrivers30Seconds() {
        assertThat(settings("mongodb://127.0.0.1:1").getClusterSettings()
                .getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(STORE_WAIT.toMillis());
    }

    @Test
    void aFlushStartedWhileTheStoreIsAwayCompletesOnceItIsBack() throws Exception {
        var server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        int port = server.getLocalAddress().getPort();
        try (var client = MongoClients.create(settings("mongodb://127.0.0.1:" + port))) {
            var database = client.getDatabase("sink");
            var sink = new MongoSink("users-sink", "users", database.getCollection("users"),
                    database.getCollection("projection_checkpoints"), FlushListener.NONE, Clock.systemUTC());
            UserView user = UserView.project(null, Events.registered());
            server.shutdownNow();

            sink.stage(user.id(), UserDocuments.upsert(user), at(7));
            CompletableFuture<Void> flushing = CompletableFuture.runAsync(sink::flush);
            await("the flush waiting, not failing, while the store is away").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10)).until(() -> !flushing.isDone());
            server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", port);

            flushing.get(1, TimeUnit.MINUTES);
            assertThat(database.getCollection("users").countDocuments()).isEqualTo(1);
            assertThat(database.getCollection("projection_checkpoints").countDocuments()).isEqualTo(1);
        } finally {
            server.shutdownNow();
        }
    }

    private static MongoClientSettings settings(String uri) {
        var builder = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri));
        new StoreWait().serverSelectionWaitsForTheStore(properties()).customize(builder);
        return builder.build();
    }

    private static ProjectorProperties properties() {
        Topic topic = new Topic("t", null, null);
        return new ProjectorProperties(new SchemaRegistrySettings(URI.create("mock://x")),
                new ProjectorProperties.Topics((short) 1, 6, topic, topic, topic, topic, topic, topic),
                new ProjectorProperties.Projector("projector-x", Path.of("state"), Duration.ofMillis(100), 1,
                        Duration.ofSeconds(5), STORE_WAIT),
                new ProjectorProperties.Aggregates("aggregates-x"),
                new ProjectorProperties.Retention(new ProjectorProperties.Purge(1000, Duration.ofMillis(50),
                        Duration.ofSeconds(5))));
    }

    private static RecordMetadata at(long offset) {
        return new RecordMetadata() {
            @Override
            public String topic() {
                return "user-events";
            }

            @Override
            public int partition() {
                return 0;
            }

            @Override
            public long offset() {
                return offset;
            }
        };
    }
}
