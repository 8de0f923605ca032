package dev.phishnet.projector.parking;

import java.util.ArrayList;
import java.util.List;

/**
 * The operators' pending retry and skip requests of one generation, read from MongoDB at most once per poll interval
 * for all the tasks of the application (each task's punctuator asks; the first one due polls).
 */
final class ParkingRequests {

    private final ParkedEntries entries;
    private final int generation;
    private final long intervalMs;

    private List<ParkedEntries.Request> pending = List.of();
    private long polledAtMs = Long.MIN_VALUE;

    ParkingRequests(ParkedEntries entries, int generation, long intervalMs) {
        this.entries = entries;
        this.generation = generation;
        this.intervalMs = intervalMs;
    }

    /** The pending requests of {@code projection}, as of the last poll (polling again when it is due). */
    synchronized List<ParkedEntries.Request> of(String projection, long nowMs) {
        // Half the interval: punctuations every interval, a little late or early, still poll once per round.
        if (polledAtMs == Long.MIN_VALUE || nowMs - polledAtMs >= intervalMs / 2) {
            pending = entries.requested(generation);
            polledAtMs = nowMs;
        }
        List<ParkedEntries.Request> mine = new ArrayList<>();
        for (ParkedEntries.Request request : pending) {
            if (request.projection().equals(projection)) {
                mine.add(request);
            }
        }
        return mine;
    }

    /** Forgets a request carried out, so that no task takes it again before the next poll. */
    synchronized void handled(String id) {
        pending = pending.stream().filter(request -> !request.id().equals(id)).toList();
    }
}
