package dev.phishnet.projector.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import dev.phishnet.projector.aggregates.AnalysisContribution;
import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisImported;
import dev.phishnet.schemas.analysis.ThreatLevel;
import org.junit.jupiter.api.Test;

class ImportedAnalysisViewTest {

    static final Instant RECEIVED = Instant.parse("2023-04-01T08:00:00Z");
    static final Instant CREATED = Instant.parse("2023-04-01T08:00:05Z");

    static AnalysisEvent imported(String status, ThreatLevel level) {
        return new AnalysisEvent(Events.envelope("analysis-1", 1), new AnalysisImported("analysis-1", "a1",
                Events.USER, "msg-1", "Invoice", "billing@evil.example", "ada@example.com", RECEIVED, CREATED, status,
                level, 0.9, List.of("phishing"), "1.2", "{}"));
    }

    @Test
    void aCompletedLegacyAnalysisShowsItsResultAndItsLegacyTimes() {
        AnalysisView view = AnalysisView.project(null, imported("completed", ThreatLevel.HIGH));

        assertThat(view.status()).isEqualTo(AnalysisStatus.COMPLETED);
        assertThat(view.result()).isEqualTo(new AnalysisResult("high", 0.9, List.of("phishing"), "1.2", CREATED));
        assertThat(view.requestedAt()).isEqualTo(CREATED);
        assertThat(view.email().receivedAt()).isEqualTo(RECEIVED);
        assertThat(view.matching()).isNull();
    }

    @Test
    void aFailedOrPendingLegacyAnalysisKeepsItsStatus() {
        assertThat(AnalysisView.project(null, imported("failed", null)).status()).isEqualTo(AnalysisStatus.FAILED);
        assertThat(AnalysisView.project(null, imported("pending", null)).status()).isEqualTo(AnalysisStatus.PENDING);
    }

    @Test
    void itCountsInTheStatisticsOfTheDayItWasReceived() {
        AnalysisContribution contribution = AnalysisContribution.evolve(null, imported("completed", ThreatLevel.HIGH));

        assertThat(contribution.status()).isEqualTo(AnalysisContribution.Status.COMPLETED);
        assertThat(contribution.threatLevel()).isEqualTo(ThreatLevel.HIGH);
    }
}
