package dev.phishnet.projector.parking;

import org.jspecify.annotations.Nullable;

/**
 * One record held back from a projection, as the parking store keeps it: enough to apply it later without Kafka.
 *
 * @param id the entry's id in {@code projector_dlq}: {@code g<generation>-<projection>-<topic>-<partition>-<offset>}
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param timestamp its timestamp
 * @param value its value, the original bytes
 */
public record ParkedRecord(String id, String topic, int partition, long offset, long timestamp,
        byte @Nullable [] value) {

    /** The id of the record at a position in one generation's projection. */
    public static String idOf(int generation, String projection, String topic, int partition, long offset) {
        return "g" + generation + "-" + projection + "-" + topic + "-" + partition + "-" + offset;
    }

    /** The position of this record, as the sink sees it while it is applied again. */
    public ReleasedPosition position() {
        return new ReleasedPosition(topic, partition, offset);
    }
}
