package dev.phishnet.projector.streams;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoSocketException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import dev.phishnet.projector.checkpoint.Checkpoint;
import dev.phishnet.projector.parking.ReleasedPosition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state store that holds nothing durable: it buffers the writes of one projection and sends them to MongoDB when
 * Kafka Streams prepares a commit, before it commits the offsets of the records that caused them. So a committed
 * offset always has its writes in MongoDB (at least once), each commit interval costs one unordered bulk write, and
 * several records of one document in an interval become one write (the later replaces the earlier). The writes are
 * idempotent, so the records a crash makes Streams deliver again change nothing. After the data, it writes the
 * checkpoint of every partition it applied.
 *
 * <p>Why {@link CachedStateStore}, an internal interface: since Kafka 2.7 a commit no longer calls
 * {@link StateStore#flush()}; it calls only {@code flushCache()} of the stores that implement it, and {@code flush()}
 * waits for a local checkpoint (every 10,000 changelog records, or on close). A store without a changelog would so
 * flush only on close, after its offsets were committed. Checked against Kafka Streams 4.2.1
 * ({@code ProcessorStateManager.flushCache}); the end-to-end test on the embedded broker fails if that changes.
 */
public final class MongoSink implements StateStore, CachedStateStore<Void, Void> {

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    private static final int WRITE_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(MongoSink.class);

    private final String name;
    private final String projection;
    private final MongoCollection<Document> target;
    private final MongoCollection<Document> checkpoints;
    private final FlushListener listener;
    private final Clock clock;

    private final Map<String, WriteModel<Document>> pending = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private int records;
    private boolean open;

    public MongoSink(String name, String projection, MongoCollection<Document> target,
            MongoCollection<Document> checkpoints, FlushListener listener, Clock clock) {
        this.name = name;
        this.projection = projection;
        this.target = target;
        this.checkpoints = checkpoints;
        this.listener = listener;
        this.clock = clock;
    }

    /** Buffers the write of one document caused by {@code source}, replacing an earlier one of the same document. */
    public void stage(String documentId, WriteModel<Document> write, RecordMetadata source) {
        pending.put(documentId, write);
        advance(source);
    }

    /** Buffers the writes of several documents caused by one record, as {@link #stage} does for one. */
    public void stageAll(Map<String, WriteModel<Document>> writes, RecordMetadata source) {
        pending.putAll(writes);
        advance(source);
    }

    /**
     * Records that {@code source} was applied without a write of its own, so that the checkpoint moves past it. A
     * parked record applied later ({@link ReleasedPosition}) leaves the checkpoint alone: it is already past it.
     */
    public void advance(RecordMetadata source) {
        if (source instanceof ReleasedPosition) {
            records++;
            return;
        }
        nextOffsets.put(new TopicPartition(source.topic(), source.partition()), source.offset() + 1);
        records++;
    }

    /** Called as Kafka Streams prepares each commit. */
    @Override
    public void flushCache() {
        flush();
    }

    /** Called when a task closes dirty: what was buffered belongs to records Streams will deliver again. */
    @Override
    public void clearCache() {
        clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Void, Void> listener, boolean sendOldValues) {
        return false;
    }

    /** Called on close and at local checkpoints; a no-op when the commit before it already wrote everything. */
    @Override
    public void flush() {
        if (nextOffsets.isEmpty() && pending.isEmpty()) {
            return;
        }
        if (!pending.isEmpty()) {
            bulkWrite(target, new ArrayList<>(pending.values()));
        }
        if (nextOffsets.isEmpty()) {
            listener.flushed(projection, records, pending.size());
            clear();
            return;
        }
        List<WriteModel<Document>> marks = nextOffsets.entrySet().stream()
                .map(next -> new Checkpoint(projection, next.getKey().topic(), next.getKey().partition(),
                        next.getValue(), clock.instant()).upsert())
                .toList();
        bulkWrite(checkpoints, marks);
        listener.flushed(projection, records, pending.size());
        clear();
    }

    /**
     * Writes once more when the connection broke under the write (the store stopped or restarted): the next attempt
     * waits for a reachable server ({@link StoreWait}), and the writes are idempotent, so one that did reach the store
     * changes nothing the second time. Without it, the error would replace the stream thread, whose partitions then
     * wait for the group's session timeout.
     */
    private static void bulkWrite(MongoCollection<Document> collection, List<WriteModel<Document>> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                bulkWriteOnce(collection, writes);
                return;
            } catch (MongoSocketException broken) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw broken;
                }
                log.warn("The connection to MongoDB broke under a write to {} ({}); writing again once it answers",
                        collection.getNamespace().getCollectionName(), broken.toString());
            }
        }
    }

    /** A duplicate key means the document already holds this write or a newer one: applied, not failed. */
    private static void bulkWriteOnce(MongoCollection<Document> collection, List<WriteModel<Document>> writes) {
        try {
            collection.bulkWrite(writes, UNORDERED);
        } catch (MongoBulkWriteException e) {
            List<BulkWriteError> failures = e.getWriteErrors().stream()
                    .filter(error -> ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY)
                    .toList();
            if (!failures.isEmpty() || e.getWriteConcernError() != null) {
                throw e;
            }
        }
    }

    private void clear() {
        pending.clear();
        nextOffsets.clear();
        records = 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // Nothing to restore: what was buffered but not flushed belongs to records Streams will deliver again.
        context.register(root, (key, value) -> { });
        open = true;
    }

    @Override
    public void close() {
        clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
