package dev.phishnet.projector.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RebuildProgressTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void lagIsTheEndOffsetLessTheCommittedOffset() {
        PartitionLag lag = PartitionLag.of("projector", "user-events", 2, 400L, 0, 1000);

        assertThat(lag.checkpoint()).isEqualTo(400);
        assertThat(lag.lag()).isEqualTo(600);
    }

    @Test
    void aPartitionNeverCommittedCountsFromItsLogStart() {
        PartitionLag lag = PartitionLag.of("aggregates", "audit-events", 0, null, 250, 1000);

        assertThat(lag.checkpoint()).isEqualTo(250);
        assertThat(lag.lag()).isEqualTo(750);
    }

    @Test
    void aCommitBelowTheLogStartResumesFromTheLogStartAndLagIsNeverNegative() {
        assertThat(PartitionLag.of("projector", "t", 0, 10L, 250, 1000).lag()).isEqualTo(750);
        assertThat(PartitionLag.of("projector", "t", 0, 1001L, 0, 1000).lag()).isZero();
    }

    @Test
    void totalsAreSummedOverEveryPartitionOfBothApplications() {
        RebuildProgress progress = RebuildProgress.of(List.of(
                PartitionLag.of("projector", "user-events", 0, 300L, 0, 1000),
                PartitionLag.of("aggregates", "audit-events", 0, null, 100, 600)), null, T0);

        assertThat(progress.checkpoint()).isEqualTo(400);
        assertThat(progress.endOffset()).isEqualTo(1600);
        assertThat(progress.lag()).isEqualTo(1200);
        assertThat(progress.fraction()).isEqualTo(300.0 / 1500);
        assertThat(progress.eventsPerSecond()).isZero();
        assertThat(progress.etaSeconds()).isNull();
    }

    @Test
    void rateAndEtaComeFromTheCheckpointsMovementSinceThePreviousMeasurement() {
        RebuildProgress first = RebuildProgress.of(List.of(
                PartitionLag.of("projector", "user-events", 0, 1000L, 0, 10_000)), null, T0);
        RebuildProgress second = RebuildProgress.of(List.of(
                PartitionLag.of("projector", "user-events", 0, 6000L, 0, 10_000)), first, T0.plusSeconds(5));

        assertThat(second.eventsPerSecond()).isEqualTo(1000.0);
        assertThat(second.lag()).isEqualTo(4000);
        assertThat(second.etaSeconds()).isEqualTo(4L);
        assertThat(second.describe(2)).contains("generation 2", "6000 of 10000", "60.0%", "lag 4000",
                "1000 events/s", "ETA 4 s");
    }

    @Test
    void caughtUpWithNoLagAndNothingToApplyIsComplete() {
        RebuildProgress empty = RebuildProgress.of(List.of(PartitionLag.of("projector", "t", 0, null, 0, 0)), null,
                T0);

        assertThat(empty.fraction()).isEqualTo(1.0);
        assertThat(empty.etaSeconds()).isZero();
        assertThat(empty.caughtUp(0)).isTrue();
    }
}
