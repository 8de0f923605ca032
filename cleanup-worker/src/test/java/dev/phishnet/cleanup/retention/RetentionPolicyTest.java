package dev.phishnet.cleanup.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final RetentionPolicy POLICY = new RetentionPolicy(Duration.ofDays(90), Duration.ofDays(90),
            Duration.ofDays(365), Duration.ofHours(24));

    @Test
    void eachCutoffIsItsPeriodBeforeNow() {
        Instant now = Instant.parse("2026-06-30T15:20:00Z");

        RetentionPolicy.Cutoffs cutoffs = POLICY.cutoffs(now);

        assertThat(cutoffs.analyses()).isEqualTo(Instant.parse("2026-04-01T15:20:00Z"));
        assertThat(cutoffs.threatIntelligence()).isEqualTo(Instant.parse("2025-06-30T15:20:00Z"));
        assertThat(cutoffs.sessions()).isEqualTo(Instant.parse("2026-06-29T15:20:00Z"));
    }

    @Test
    void theAuditLogCutoffIsTheStartOfTheUtcDayOfThePeriodBeforeNow() {
        RetentionPolicy.Cutoffs cutoffs = POLICY.cutoffs(Instant.parse("2026-06-30T00:30:00Z"));

        assertThat(cutoffs.auditLogs()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
        assertThat(cutoffs.firstAuditDayKept()).isEqualTo(LocalDate.parse("2026-04-01"));
        assertThat(cutoffs.of(RetentionCategory.AUDIT_LOGS)).isEqualTo(cutoffs.auditLogs());
    }

    @Test
    void aPeriodThatIsNotPositiveIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RetentionPolicy(Duration.ofDays(90),
                Duration.ZERO, Duration.ofDays(365), Duration.ofHours(24)));
    }
}
