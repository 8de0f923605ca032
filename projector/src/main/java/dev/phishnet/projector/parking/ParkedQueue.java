package dev.phishnet.projector.parking;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The parked records of one key in one projection, oldest first: the head failed, the others wait behind it.
 *
 * @param records never empty
 */
public record ParkedQueue(List<ParkedRecord> records) {

    public ParkedQueue {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a parked queue holds at least its head");
        }
        records = List.copyOf(records);
    }

    public static ParkedQueue of(ParkedRecord head) {
        return new ParkedQueue(List.of(head));
    }

    public ParkedRecord head() {
        return records.get(0);
    }

    /** The records behind the head, oldest first. */
    public List<ParkedRecord> waiting() {
        return records.subList(1, records.size());
    }

    public ParkedQueue append(ParkedRecord waiting) {
        List<ParkedRecord> longer = new ArrayList<>(records);
        longer.add(waiting);
        return new ParkedQueue(longer);
    }

    /**
     * Whether {@code source} was read before the head: a record Kafka delivers again after a crash, which was
     * applied before the head failed and so is applied again rather than parked behind it.
     */
    public boolean precedes(RecordMetadata source) {
        ParkedRecord head = head();
        return head.topic().equals(source.topic()) && head.partition() == source.partition()
                && source.offset() < head.offset();
    }

    /** Whether {@code source} is one of these records (delivered again after a crash). */
    public boolean holds(RecordMetadata source) {
        return records.stream().anyMatch(parked -> parked.topic().equals(source.topic())
                && parked.partition() == source.partition() && parked.offset() == source.offset());
    }
}
