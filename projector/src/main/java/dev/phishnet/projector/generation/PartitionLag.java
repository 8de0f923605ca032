package dev.phishnet.projector.generation;

import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * How far one application of one generation has read one partition.
 *
 * @param application {@code projector} or {@code aggregates}
 * @param logStart the partition's first offset still in the log
 * @param checkpoint the offset of the next record the application's consumer group reads: its committed offset, or
 *     the log start while it has committed none
 * @param endOffset the last stable offset (read_committed): the end of what it may read
 * @param lag records still to read: {@code endOffset - checkpoint}, never negative
 */
public record PartitionLag(String application, String topic, int partition, long logStart, long checkpoint,
        long endOffset, long lag) {

    /** @param committed the group's committed offset, null if it has committed none for the partition */
    public static PartitionLag of(String application, String topic, int partition, @Nullable Long committed,
            long logStart, long endOffset) {
        // Below the log start (retention deleted what it had not read), the group resumes from the log start.
        long checkpoint = committed == null ? logStart : Math.max(committed, logStart);
        return new PartitionLag(application, topic, partition, logStart, checkpoint, endOffset,
                Math.max(0, endOffset - checkpoint));
    }

    Document toDocument() {
        return new Document("application", application).append("topic", topic).append("partition", partition)
                .append("checkpoint", checkpoint).append("endOffset", endOffset).append("lag", lag);
    }
}
