package dev.phishnet.service.readmodel;

/**
 * The names of one generation of read-model collections. Read models are rebuilt blue/green: a rebuild fills a new
 * generation from the topics' start while the active one keeps serving, and queries switch when it has caught up.
 * Generation 1 uses the plain names ({@code users}, {@code audit_logs}, ...), so a store from before generations
 * existed is generation 1; generation N > 1 appends {@code _g<N>} ({@code users_g2}). The control collection
 * {@value #GENERATIONS} names the active generation.
 *
 * @param generation 1 or more
 */
public record ReadModelNames(int generation) {

    /** Which generation is active, which is being built, and each generation's state and progress. */
    public static final String GENERATIONS = "projection_generations";

    public static final ReadModelNames FIRST = new ReadModelNames(1);

    public ReadModelNames {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be 1 or more: " + generation);
        }
    }

    /** The name of collection {@code base} (e.g. {@code users}) in this generation. */
    public String collection(String base) {
        return generation == 1 ? base : base + "_g" + generation;
    }

    /** The Kafka Streams application id (consumer group) of {@code base} in this generation. */
    public String applicationId(String base) {
        return generation == 1 ? base : base + "-g" + generation;
    }
}
