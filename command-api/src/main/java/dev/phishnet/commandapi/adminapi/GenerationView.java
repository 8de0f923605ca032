package dev.phishnet.commandapi.adminapi;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;

/**
 * One generation of read-model collections as {@code GET /api/v1/admin/projections} shows it: its state, when it went
 * through each state, and the last progress the projector measured for it.
 *
 * @param generation 1 or more
 * @param state REQUESTED, BUILDING, ACTIVE, RETIRED or DROPPED
 * @param progress null until the projector measured it
 */
public record GenerationView(int generation, String state, String requestedBy, Instant requestedAt,
        Instant startedAt, Instant activatedAt, Instant retiredAt, Instant dropAfter, Instant droppedAt,
        Progress progress) {

    /**
     * Totals over every partition the generation's applications read, and each partition.
     *
     * @param checkpoint the sum of the committed offsets (a partition never committed counts from its start)
     * @param endOffset the sum of the end offsets (read_committed: the last stable offset)
     * @param lag endOffset - checkpoint: events still to apply
     * @param eventsPerSecond how fast the checkpoint moved since the previous measurement
     * @param etaSeconds lag / eventsPerSecond; null while nothing moves
     */
    public record Progress(Instant measuredAt, long checkpoint, long endOffset, long lag, double eventsPerSecond,
            Long etaSeconds, List<Partition> partitions) {
    }

    /** @param application {@code projector} or {@code aggregates} */
    public record Partition(String application, String topic, int partition, long checkpoint, long endOffset,
            long lag) {
    }

    static GenerationView from(Document document) {
        Document progress = document.get("progress", Document.class);
        return new GenerationView(number(document, "generation").intValue(), document.getString("state"),
                document.getString("requestedBy"), instant(document, "requestedAt"),
                instant(document, "startedAt"), instant(document, "activatedAt"), instant(document, "retiredAt"),
                instant(document, "dropAfter"), instant(document, "droppedAt"),
                progress == null ? null : progress(progress));
    }

    private static Progress progress(Document progress) {
        List<Partition> partitions = progress.getList("partitions", Document.class, List.of()).stream()
                .map(partition -> new Partition(partition.getString("application"), partition.getString("topic"),
                        number(partition, "partition").intValue(), number(partition, "checkpoint").longValue(),
                        number(partition, "endOffset").longValue(), number(partition, "lag").longValue()))
                .toList();
        Number eta = progress.get("etaSeconds", Number.class);
        return new Progress(instant(progress, "measuredAt"), number(progress, "checkpoint").longValue(),
                number(progress, "endOffset").longValue(), number(progress, "lag").longValue(),
                number(progress, "eventsPerSecond").doubleValue(), eta == null ? null : eta.longValue(), partitions);
    }

    private static Number number(Document document, String field) {
        Number value = document.get(field, Number.class);
        return value != null ? value : 0;
    }

    private static Instant instant(Document document, String field) {
        Date value = document.getDate(field);
        return value != null ? value.toInstant() : null;
    }
}
