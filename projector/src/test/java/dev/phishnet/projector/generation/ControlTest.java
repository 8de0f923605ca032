package dev.phishnet.projector.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ControlTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(1);

    @Test
    void beforeAnyRebuildOnlyGenerationOneRunsAndItsDocumentBecomesActive() {
        assertThat(Control.INITIAL.running()).containsExactly(1);
        assertThat(Control.INITIAL.reconcile(NOW, GRACE))
                .containsExactly(new Control.Transition(1, GenerationState.ACTIVE, null));
    }

    @Test
    void aRequestedGenerationStartsBuildingBesideTheActiveOne() {
        Control control = new Control(1, 2, 2, Map.of(1, generation(1, GenerationState.ACTIVE, null),
                2, generation(2, GenerationState.REQUESTED, null)));

        assertThat(control.running()).containsExactly(1, 2);
        assertThat(control.reconcile(NOW, GRACE))
                .containsExactly(new Control.Transition(2, GenerationState.BUILDING, null));
    }

    @Test
    void afterTheSwitchTheNewGenerationIsActiveAndTheOldOneRetiredUntilTheGracePeriodEnds() {
        Control switched = new Control(2, null, 2, Map.of(1, generation(1, GenerationState.ACTIVE, null),
                2, generation(2, GenerationState.BUILDING, null)));

        assertThat(switched.reconcile(NOW, GRACE)).containsExactlyInAnyOrder(
                new Control.Transition(2, GenerationState.ACTIVE, null),
                new Control.Transition(1, GenerationState.RETIRED, NOW.plus(GRACE)));
    }

    @Test
    void aRetiredGenerationKeepsRunningUntilItsDropIsDue() {
        Control retired = new Control(2, null, 2, Map.of(1, generation(1, GenerationState.RETIRED, NOW.plus(GRACE)),
                2, generation(2, GenerationState.ACTIVE, null)));

        assertThat(retired.running()).containsExactly(1, 2);
        assertThat(retired.reconcile(NOW, GRACE)).isEmpty();
        assertThat(retired.dueForDrop(NOW.plus(GRACE).minusMillis(1))).isEmpty();
        assertThat(retired.dueForDrop(NOW.plus(GRACE))).containsExactly(1);
    }

    @Test
    void aDroppedGenerationNeitherRunsNorChanges() {
        Control dropped = new Control(2, null, 2, Map.of(1, generation(1, GenerationState.DROPPED, null),
                2, generation(2, GenerationState.ACTIVE, null)));

        assertThat(dropped.running()).containsExactly(2);
        assertThat(dropped.reconcile(NOW, GRACE)).isEmpty();
        assertThat(dropped.dueForDrop(NOW.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void switchesOnlyWhenTheBuildingGenerationRunsAndIsWithinTheSwitchLag() {
        Control building = new Control(1, 2, 2, Map.of());
        RebuildProgress lag100 = progress(100);
        RebuildProgress lag101 = progress(101);
        RebuildProgress active = progress(200);

        assertThat(building.switchDue(lag100, active, true, 100)).isTrue();
        assertThat(building.switchDue(lag101, active, true, 100)).isFalse();
        assertThat(building.switchDue(lag100, active, false, 100)).isFalse();
        assertThat(building.switchDue(null, active, true, 100)).isFalse();
        assertThat(building.switchDue(lag100, null, true, 100)).isFalse();
        assertThat(new Control(2, null, 2, Map.of()).switchDue(progress(0), active, true, 100)).isFalse();
    }

    @Test
    void neverSwitchesToAGenerationBehindTheActiveOneOnAnyPartition() {
        Control building = new Control(1, 2, 2, Map.of());
        // Within the switch lag overall, but partition 1 is 90 events behind what the active generation serves:
        // switching now would make users vanish from the queries until it catches up.
        RebuildProgress rebuilt = RebuildProgress.of(List.of(
                PartitionLag.of("projector", "user-events", 0, 1000L, 0, 1000),
                PartitionLag.of("projector", "user-events", 1, 910L, 0, 1000)), null, NOW);
        RebuildProgress serving = RebuildProgress.of(List.of(
                PartitionLag.of("projector", "user-events", 0, 1000L, 0, 1000),
                PartitionLag.of("projector", "user-events", 1, 1000L, 0, 1000)), null, NOW);
        RebuildProgress servingBehind = RebuildProgress.of(List.of(
                PartitionLag.of("projector", "user-events", 0, 990L, 0, 1000),
                PartitionLag.of("projector", "user-events", 1, 900L, 0, 1000)), null, NOW);

        assertThat(rebuilt.caughtUp(100)).isTrue();
        assertThat(building.switchDue(rebuilt, serving, true, 100)).isFalse();
        assertThat(building.switchDue(rebuilt, servingBehind, true, 100)).isTrue();
        assertThat(building.switchDue(serving, serving, true, 0)).isTrue();
    }

    private static RebuildProgress progress(long lag) {
        return RebuildProgress.of(List.of(PartitionLag.of("projector", "user-events", 0, 1000 - lag, 0, 1000)),
                null, NOW);
    }

    private static Control.Generation generation(int generation, GenerationState state, Instant dropAfter) {
        return new Control.Generation(generation, state, dropAfter);
    }
}
