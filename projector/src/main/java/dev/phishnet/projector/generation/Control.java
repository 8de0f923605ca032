package dev.phishnet.projector.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * What {@code projection_generations} says, and the decisions that follow from it, as pure functions: which generations
 * run, which state each generation's document should be brought to, which are due to be dropped, when to switch.
 * The {@code current} document is the truth (the switch is one update of it); the generations' documents follow it.
 *
 * @param active the generation the queries read
 * @param building the generation being built, or null
 * @param lastGeneration the highest generation number handed out
 * @param generations each generation's document, by number
 */
public record Control(int active, @Nullable Integer building, int lastGeneration,
        Map<Integer, Generation> generations) {

    /** Before any rebuild: generation 1 active, nothing else. */
    public static final Control INITIAL = new Control(1, null, 1, Map.of());

    /**
     * @param dropAfter when a retired generation is dropped; null otherwise
     */
    public record Generation(int generation, GenerationState state, @Nullable Instant dropAfter) {
    }

    /** A change of one generation's document. */
    public record Transition(int generation, GenerationState to, @Nullable Instant dropAfter) {
    }

    /** The generations whose applications run: the active one, the one being built, and the retired ones. */
    public SortedSet<Integer> running() {
        SortedSet<Integer> running = new TreeSet<>();
        running.add(active);
        if (building != null) {
            running.add(building);
        }
        generations.values().stream().filter(generation -> generation.state() == GenerationState.RETIRED)
                .forEach(generation -> running.add(generation.generation()));
        return running;
    }

    /**
     * The documents to bring in line with {@code current}: the active generation ACTIVE, the one being built BUILDING,
     * and any other still requested, building or active generation RETIRED, to be dropped after the grace period.
     * After the switch, this is what retires the old generation (also when the projector stopped between the switch
     * and its documents).
     */
    public List<Transition> reconcile(Instant now, Duration gracePeriod) {
        List<Transition> transitions = new ArrayList<>();
        if (stateOf(active) != GenerationState.ACTIVE) {
            transitions.add(new Transition(active, GenerationState.ACTIVE, null));
        }
        if (building != null && stateOf(building) != GenerationState.BUILDING) {
            transitions.add(new Transition(building, GenerationState.BUILDING, null));
        }
        for (Generation generation : generations.values()) {
            boolean live = generation.state() == GenerationState.REQUESTED
                    || generation.state() == GenerationState.BUILDING || generation.state() == GenerationState.ACTIVE;
            if (live && generation.generation() != active && !Integer.valueOf(generation.generation()).equals(building)) {
                transitions.add(new Transition(generation.generation(), GenerationState.RETIRED,
                        now.plus(gracePeriod)));
            }
        }
        return transitions;
    }

    /** The retired generations whose grace period is over. */
    public List<Integer> dueForDrop(Instant now) {
        return generations.values().stream()
                .filter(generation -> generation.state() == GenerationState.RETIRED && generation.dropAfter() != null
                        && !now.isBefore(generation.dropAfter()))
                .map(Generation::generation).sorted().toList();
    }

    /**
     * Whether to switch the queries to the generation being built: it has one, its applications all run, it has
     * caught up to within {@code switchLag} events of the topics' end, and on no partition is it behind the active
     * generation (measured just before it), so that the switch never shows a query less than it saw before.
     */
    public boolean switchDue(@Nullable RebuildProgress buildingProgress, @Nullable RebuildProgress activeProgress,
            boolean applicationsRunning, long switchLag) {
        return building != null && applicationsRunning && buildingProgress != null && activeProgress != null
                && buildingProgress.caughtUp(switchLag) && buildingProgress.notBehind(activeProgress);
    }

    private @Nullable GenerationState stateOf(int generation) {
        Generation found = generations.get(generation);
        return found == null ? null : found.state();
    }
}
