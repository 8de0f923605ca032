package dev.phishnet.projector.checkpoint;

import java.time.Instant;
import java.util.Date;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

/**
 * How far one projection has applied one partition of one topic. Written after the data it covers, so a read
 * model holds at least what its checkpoint says. It reports progress (lag, rebuilds); the offsets Kafka Streams
 * commits, not these, decide where consumption resumes.
 *
 * @param projection the read model, e.g. {@code users}
 * @param topic the topic read
 * @param partition the partition read
 * @param offset the offset of the next record to apply: the last applied plus one
 * @param updatedAt when it was written
 */
public record Checkpoint(String projection, String topic, int partition, long offset, Instant updatedAt) {

    public static final String COLLECTION = "projection_checkpoints";

    /** {@code <projection>:<topic>:<partition>}. */
    public String id() {
        return projection + ":" + topic + ":" + partition;
    }

    /** Set, not raised with {@code $max}: after a reset for a rebuild the checkpoint goes back with the offsets. */
    public WriteModel<Document> upsert() {
        return new ReplaceOneModel<>(Filters.eq("_id", id()), new Document("_id", id())
                .append("projection", projection)
                .append("topic", topic)
                .append("partition", partition)
                .append("offset", offset)
                .append("updatedAt", Date.from(updatedAt)), new ReplaceOptions().upsert(true));
    }
}
