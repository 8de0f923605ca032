package dev.phishnet.projector.streams;

import static dev.phishnet.projector.testing.Events.SESSION;
import static dev.phishnet.projector.testing.Events.profileUpdated;
import static dev.phishnet.projector.testing.Events.registered;
import static dev.phishnet.projector.testing.Events.sessionRevoked;
import static dev.phishnet.projector.testing.Events.sessionStarted;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.session.SessionDocuments;
import dev.phishnet.projector.session.SessionView;
import dev.phishnet.projector.user.UserDocuments;
import dev.phishnet.projector.user.UserView;
import dev.phishnet.schemas.session.RevocationReason;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MongoSinkTest {

    private MongoServer server;
    private MongoClient client;
    private MongoDatabase database;
    private final List<String> flushes = new ArrayList<>();
    private MongoSink sink;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        database = client.getDatabase("sink");
        sink = new MongoSink("users-sink", "users", database.getCollection("users"),
                database.getCollection("projection_checkpoints"),
                (projection, records, writes) -> flushes.add(projection + ":" + records + ":" + writes),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void severalRecordsOfOneDocumentInABatchBecomeOneWrite() {
        UserView v1 = UserView.project(null, registered());
        UserView v2 = UserView.project(v1, profileUpdated(2, "analyst", "dark"));
        UserView v3 = UserView.project(v2, profileUpdated(3, null, "light"));

        sink.stage(v1.id(), UserDocuments.upsert(v1), at(0, 10));
        sink.stage(v2.id(), UserDocuments.upsert(v2), at(0, 11));
        sink.stage(v3.id(), UserDocuments.upsert(v3), at(0, 12));
        sink.flush();

        assertThat(flushes).containsExactly("users:3:1");
        assertThat(database.getCollection("users").find().into(new ArrayList<>()))
                .singleElement().satisfies(user -> assertThat(user.getLong("version")).isEqualTo(3));
        assertThat(checkpointOffset("users:user-events:0")).isEqualTo(13);
    }

    @Test
    void aStaleSessionWriteIsTakenAsAlreadyAppliedAndLeavesTheNewerDocument() {
        MongoSink sessions = new MongoSink("sessions-sink", "sessions", database.getCollection("sessions"),
                database.getCollection("projection_checkpoints"), FlushListener.NONE, Clock.systemUTC());
        SessionView started = SessionView.project(null, sessionStarted(SESSION, 1));
        SessionView revoked = SessionView.project(started, sessionRevoked(SESSION, 2, RevocationReason.REVOKED));

        sessions.stage(SESSION, SessionDocuments.upsert(revoked), at("session-events", 0, 20));
        sessions.flush();
        sessions.stage(SESSION, SessionDocuments.upsert(started), at("session-events", 0, 21));
        sessions.flush();

        assertThat(database.getCollection("sessions").find().into(new ArrayList<>())).singleElement()
                .satisfies(session -> {
                    assertThat(session.getString("status")).isEqualTo("ENDED");
                    assertThat(session.getLong("version")).isEqualTo(2);
                });
        assertThat(checkpointOffset("sessions:session-events:0")).isEqualTo(22);
    }

    @Test
    void aRecordWithoutAWriteStillMovesItsPartitionsCheckpoint() {
        sink.advance(at(4, 41));
        sink.flush();

        assertThat(checkpointOffset("users:user-events:4")).isEqualTo(42);
        assertThat(database.getCollection("users").countDocuments()).isZero();
    }

    @Test
    void aFlushWithNothingBufferedWritesNothing() {
        sink.flush();

        assertThat(flushes).isEmpty();
        assertThat(database.getCollection("projection_checkpoints").countDocuments()).isZero();
    }

    @Test
    void aWriteWhoseConnectionBrokeWhenTheStoreRestartedIsWrittenAgain() {
        UserView v1 = UserView.project(null, registered());
        sink.stage(v1.id(), UserDocuments.upsert(v1), at(0, 10));
        sink.flush();
        // A new store on the same port: the connection the client keeps from the first flush is dead.
        int port = server.getLocalAddress().getPort();
        server.shutdownNow();
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", port);

        UserView v2 = UserView.project(v1, profileUpdated(2, "analyst", "dark"));
        sink.stage(v2.id(), UserDocuments.upsert(v2), at(0, 11));
        sink.flush();

        assertThat(database.getCollection("users").find().into(new ArrayList<>()))
                .singleElement().satisfies(user -> assertThat(user.getLong("version")).isEqualTo(2));
        assertThat(checkpointOffset("users:user-events:0")).isEqualTo(12);
    }

    private long checkpointOffset(String id) {
        Document checkpoint = database.getCollection("projection_checkpoints")
                .find(new Document("_id", id)).first();
        assertThat(checkpoint).isNotNull();
        return checkpoint.getLong("offset");
    }

    private static RecordMetadata at(int partition, long offset) {
        return at("user-events", partition, offset);
    }

    private static RecordMetadata at(String topic, int partition, long offset) {
        return new RecordMetadata() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return partition;
            }

            @Override
            public long offset() {
                return offset;
            }
        };
    }
}
