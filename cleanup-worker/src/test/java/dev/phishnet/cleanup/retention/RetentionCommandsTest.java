package dev.phishnet.cleanup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetentionCommandsTest {

    private static final Instant NOW = Instant.parse("2026-06-30T15:20:00Z");
    private static final Instant CUTOFF = Instant.parse("2026-04-01T15:20:00Z");

    @Test
    void aRunRedoneHasTheSameIdAndCommandsAndAnotherRunOrTenantAnother() {
        String run = RetentionCommands.runId("tenant-a", NOW);
        TrackedAge analysis = new TrackedAge("tenant-a", null, CUTOFF.minusSeconds(1));

        assertThat(RetentionCommands.runId("tenant-a", NOW)).isEqualTo(run);
        assertThat(RetentionCommands.runId("tenant-b", NOW)).isNotEqualTo(run);
        assertThat(RetentionCommands.runId("tenant-a", NOW.plusMillis(1))).isNotEqualTo(run);
        assertThat(RetentionCommands.purgeAnalysis("a1", analysis, CUTOFF, run, NOW))
                .isEqualTo(RetentionCommands.purgeAnalysis("a1", analysis, CUTOFF, run, NOW));
        assertThat(RetentionCommands.purgeAnalysis("a1", analysis, CUTOFF, run, NOW).command().getCommandId())
                .isNotEqualTo(RetentionCommands.purgeAnalysis("a2", analysis, CUTOFF, run, NOW).command()
                        .getCommandId());
    }

    @Test
    void eachCommandGoesToThePartitionOfTheAggregateThatDecidesIt() {
        String run = RetentionCommands.runId("tenant-a", NOW);
        TrackedAge item = new TrackedAge("tenant-a", null, CUTOFF.minusSeconds(1));

        assertThat(RetentionCommands.purgeAnalysis("a1", item, CUTOFF, run, NOW).key()).isEqualTo("analysis:a1");
        assertThat(RetentionCommands.purgeIndicator("i1", item, CUTOFF, run, NOW).key()).isEqualTo("intel:i1");
        assertThat(RetentionCommands.purgeEndedSessions("tenant-a", "u1", CUTOFF, run, NOW).key())
                .isEqualTo("user:u1");
    }
}
