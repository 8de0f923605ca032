package dev.phishnet.projector.parking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.projector.streams.MongoSink;
import dev.phishnet.projector.streams.MongoSinkBuilder;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A projection whose apply throws until it is fixed (as a bug fixed by a new release would): its record parks, a
 * retry before the fix parks it again, a retry after the fix applies it and the waiting records behind it, in order,
 * through the sink like any record, without moving the checkpoint back.
 */
class RetryAfterFixTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);
    private static final String HEAD = "g2-things-things-0-1";

    private static MongoServer server;
    private static MongoClient client;

    @TempDir
    java.nio.file.Path stateDir;

    private final AtomicBoolean fixed = new AtomicBoolean();
    private MongoDatabase database;
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> things;

    @BeforeAll
    static void startMongo() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
    }

    @AfterAll
    static void stopMongo() {
        client.close();
        server.shutdownNow();
    }

    @BeforeEach
    void startDriver() {
        database = client.getDatabase("retry-" + System.nanoTime());
        MongoCollection<Document> items = database.getCollection("items");
        MongoCollection<Document> checkpoints = database.getCollection("projection_checkpoints");
        DeadLetters deadLetters = new DeadLetters("projector-dlq", database, 2, CLOCK);
        Topology topology = new Topology();
        topology.addSource("things", new StringDeserializer(), new ByteArrayDeserializer(), "things")
                .addProcessor("things-projection",
                        deadLetters.guard("things-projection", new StringDeserializer(), () -> new Things(fixed)),
                        "things")
                .addStateStore(new MongoSinkBuilder("things-sink",
                        () -> new MongoSink("things-sink", "things", items, checkpoints, (p, r, w) -> { }, CLOCK)),
                        "things-projection");
        deadLetters.addSinks(topology);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "retry-test");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, config);
        things = driver.createInputTopic("things", new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aRetryAfterTheFixAppliesTheHeadThenTheWaitingRecordsInOrder() {
        things.pipeInput("k1", "a");
        things.pipeInput("k1", "broken-b");
        things.pipeInput("k1", "c");
        things.pipeInput("k2", "x");
        assertThat(items()).containsExactly("k1:a@0", "k2:x@3");
        assertThat(checkpoint()).isEqualTo(4);

        retry();
        assertThat(entry(HEAD).getInteger("attempts")).isEqualTo(2);
        assertThat(entry(HEAD).getString("error")).contains("not fixed yet");
        assertThat(items()).containsExactly("k1:a@0", "k2:x@3");

        fixed.set(true);
        retry();

        assertThat(items()).containsExactly("k1:a@0", "k1:broken-b@1", "k1:c@2", "k2:x@3");
        assertThat(entry(HEAD).getString("status")).isEqualTo("APPLIED");
        assertThat(entry("g2-things-things-0-2").getString("status")).isEqualTo("APPLIED");
        assertThat(checkpoint()).as("released records do not move the checkpoint back").isEqualTo(4);
        things.pipeInput("k1", "d");
        assertThat(items()).contains("k1:d@4");
        assertThat(checkpoint()).isEqualTo(5);
    }

    @Test
    void aRequestOfAnotherGenerationIsNotThisProjectorsToCarryOut() {
        things.pipeInput("k1", "a");
        things.pipeInput("k1", "broken-b");
        fixed.set(true);
        database.getCollection("projector_dlq").updateOne(Filters.eq("_id", HEAD),
                Updates.set("generation", 3));

        retry();

        assertThat(items()).containsExactly("k1:a@0");
    }

    private void retry() {
        database.getCollection("projector_dlq").updateOne(Filters.eq("_id", HEAD),
                Updates.set("status", "RETRY_REQUESTED"));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    private Document entry(String id) {
        return database.getCollection("projector_dlq").find(Filters.eq("_id", id)).first();
    }

    private List<String> items() {
        return database.getCollection("items").find().sort(Sorts.ascending("offset"))
                .map(item -> item.getString("key") + ":" + item.getString("value") + "@" + item.getLong("offset"))
                .into(new ArrayList<>());
    }

    private long checkpoint() {
        return database.getCollection("projection_checkpoints").find(Filters.eq("_id", "things:things:0")).first()
                .getLong("offset");
    }

    /** Writes one document per record; throws on a {@code broken-} value until fixed. */
    private static final class Things implements Processor<String, String, Void, Void> {

        private final AtomicBoolean fixed;
        private ProcessorContext<Void, Void> context;
        private MongoSink sink;

        Things(AtomicBoolean fixed) {
            this.fixed = fixed;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.sink = context.getStateStore("things-sink");
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.value().startsWith("broken-") && !fixed.get()) {
                throw new IllegalStateException("not fixed yet");
            }
            RecordMetadata source = context.recordMetadata().orElseThrow();
            String id = record.key() + ":" + source.offset();
            sink.stage(id, new ReplaceOneModel<>(Filters.eq("_id", id), new Document("_id", id)
                    .append("key", record.key()).append("value", record.value()).append("offset", source.offset()),
                    new ReplaceOptions().upsert(true)), source);
        }
    }
}
