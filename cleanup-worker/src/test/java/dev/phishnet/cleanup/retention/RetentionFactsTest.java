package dev.phishnet.cleanup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.phishnet.cleanup.testing.RetentionEvents;
import dev.phishnet.cleanup.testing.SessionEvents;
import dev.phishnet.schemas.analysis.AnalysisCompleted;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.ThreatLevel;
import org.junit.jupiter.api.Test;

class RetentionFactsTest {

    private static final String TENANT = "tenant-a";
    private static final Instant AT = Instant.parse("2026-03-01T23:59:59Z");

    @Test
    void anAnalysisAgesFromItsRequestUntilItsPurge() {
        assertThat(RetentionFacts.of(RetentionEvents.analysisRequested(TENANT, "a1", AT))).contains(
                new RetentionFact.Aged(RetentionCategory.ANALYSES, "a1", TENANT, null, AT));
        assertThat(RetentionFacts.of(RetentionEvents.analysisPurged(TENANT, "a1", AT, AT))).contains(
                new RetentionFact.Forgotten(RetentionCategory.ANALYSES, TENANT, List.of("a1")));

        AnalysisEvent completed = new AnalysisEvent(RetentionEvents.analysisRequested(TENANT, "a1", AT).getEnvelope(),
                AnalysisCompleted.newBuilder().setThreatLevel(ThreatLevel.LOW).setConfidenceScore(0.5)
                        .setDetectedThreats(List.of()).setAnalyzerVersion("v1").build());
        assertThat(RetentionFacts.of(completed)).isEmpty();
    }

    @Test
    void anImportedAnalysisAgesFromItsLegacyCreationNotFromItsImport() {
        Instant created = Instant.parse("2023-04-01T08:00:05Z");
        AnalysisEvent imported = new AnalysisEvent(RetentionEvents.analysisRequested(TENANT, "a1", AT).getEnvelope(),
                new dev.phishnet.schemas.analysis.AnalysisImported("a1", "legacy-1", "u1", "msg-1", "Invoice",
                        "billing@evil.example", "ada@example.com", created.minusSeconds(5), created, "completed",
                        ThreatLevel.HIGH, 0.9, List.of(), "1.2", null));
        assertThat(RetentionFacts.of(imported)).contains(
                new RetentionFact.Aged(RetentionCategory.ANALYSES, "a1", TENANT, null, created));
    }

    @Test
    void anIndicatorAgesFromTheLastSeenAtItsEventsCarry() {
        Instant lastSeen = AT.minusSeconds(3600);

        assertThat(RetentionFacts.of(RetentionEvents.indicatorReported(TENANT, "i1", lastSeen))).contains(
                new RetentionFact.Aged(RetentionCategory.THREAT_INTELLIGENCE, "i1", TENANT, null, lastSeen));
        assertThat(RetentionFacts.of(RetentionEvents.indicatorRetired(TENANT, "i1", lastSeen, AT))).contains(
                new RetentionFact.Aged(RetentionCategory.THREAT_INTELLIGENCE, "i1", TENANT, null, lastSeen));
        assertThat(RetentionFacts.of(RetentionEvents.indicatorPurged(TENANT, "i1", lastSeen, AT))).contains(
                new RetentionFact.Forgotten(RetentionCategory.THREAT_INTELLIGENCE, TENANT, List.of("i1")));
    }

    @Test
    void aSessionAgesFromItsEndWhicheverEndedItAndIsForgottenWhenPurged() {
        for (var ended : List.of(RetentionEvents.loggedOut(TENANT, "u1", "s1", AT),
                RetentionEvents.revoked(TENANT, "u1", "s1", AT), RetentionEvents.evicted(TENANT, "u1", "s1", AT),
                RetentionEvents.expired(TENANT, "u1", "s1", AT))) {
            assertThat(RetentionFacts.of(ended)).contains(
                    new RetentionFact.Aged(RetentionCategory.SESSIONS, "s1", TENANT, "u1", AT));
        }
        assertThat(RetentionFacts.of(RetentionEvents.sessionsPurged(TENANT, "u1", List.of("s1", "s2"), AT)))
                .contains(new RetentionFact.Forgotten(RetentionCategory.SESSIONS, TENANT, List.of("s1", "s2")));
    }

    @Test
    void aLiveSessionAndFactsAboutNoSessionAgeNothing() {
        assertThat(RetentionFacts.of(SessionEvents.started("s1", AT, AT))).isEmpty();
        assertThat(RetentionFacts.of(SessionEvents.refreshed("s1", AT))).isEmpty();
        assertThat(RetentionFacts.of(SessionEvents.loginFailed())).isEmpty();
        assertThat(RetentionFacts.of(SessionEvents.addressLockedOut(AT))).isEmpty();
    }

    @Test
    void anAuditEntryCountsForItsTenantsUtcDay() {
        assertThat(RetentionFacts.of(RetentionEvents.audited(TENANT, "r1", AT)))
                .isEqualTo(new RetentionFact.AuditRecorded(TENANT, LocalDate.parse("2026-03-01")));
    }

    @Test
    void onlyAnIndicatorsAgeRestarts() {
        RetentionFact.Aged first = new RetentionFact.Aged(RetentionCategory.SESSIONS, "s1", TENANT, "u1", AT);
        TrackedAge ended = TrackedAge.after(null, first);
        RetentionFact.Aged later = new RetentionFact.Aged(RetentionCategory.SESSIONS, "s1", TENANT, "u1",
                AT.plusSeconds(60));
        assertThat(TrackedAge.after(ended, later)).isEqualTo(ended);

        RetentionFact.Aged seen = new RetentionFact.Aged(RetentionCategory.THREAT_INTELLIGENCE, "i1", TENANT, null, AT);
        RetentionFact.Aged seenAgain = new RetentionFact.Aged(RetentionCategory.THREAT_INTELLIGENCE, "i1", TENANT,
                null, AT.plusSeconds(60));
        assertThat(TrackedAge.after(TrackedAge.after(null, seen), seenAgain).at()).isEqualTo(AT.plusSeconds(60));
    }
}
