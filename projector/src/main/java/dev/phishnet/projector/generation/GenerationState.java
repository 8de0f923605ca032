package dev.phishnet.projector.generation;

/** Where a generation is in its life: requested, built, serving queries, kept for the grace period, gone. */
public enum GenerationState {
    /** An operator asked for it; the projector has not started its applications yet. */
    REQUESTED,
    /** Its applications read the topics from their start into its collections; queries do not read it yet. */
    BUILDING,
    /** The queries read it. */
    ACTIVE,
    /** Replaced by a newer generation; still running until {@code dropAfter}, for queries that have not switched. */
    RETIRED,
    /** Its applications closed, its collections dropped, its consumer groups and internal topics deleted. */
    DROPPED;

    /** Whether its applications run (or should). */
    boolean running() {
        return this != DROPPED;
    }
}
