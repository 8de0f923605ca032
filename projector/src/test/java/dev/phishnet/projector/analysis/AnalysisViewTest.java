package dev.phishnet.projector.analysis;

import static dev.phishnet.projector.testing.AnalysisEvents.ANALYSIS;
import static dev.phishnet.projector.testing.AnalysisEvents.RECEIVED_AT;
import static dev.phishnet.projector.testing.AnalysisEvents.completed;
import static dev.phishnet.projector.testing.AnalysisEvents.failed;
import static dev.phishnet.projector.testing.AnalysisEvents.matched;
import static dev.phishnet.projector.testing.AnalysisEvents.purged;
import static dev.phishnet.projector.testing.AnalysisEvents.requested;
import static dev.phishnet.projector.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.phishnet.projector.testing.Events;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.ThreatLevel;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AnalysisViewTest {

    @Test
    void aRequestMakesAPendingAnalysisOfTheSubmittedEmail() {
        AnalysisView view = project(requested());

        assertThat(view.id()).isEqualTo(ANALYSIS);
        assertThat(view.tenantId()).isEqualTo("tenant-a");
        assertThat(view.userId()).isEqualTo(Events.USER);
        assertThat(view.status()).isEqualTo(AnalysisStatus.PENDING);
        assertThat(view.email().sender()).isEqualTo("billing@evil.example");
        assertThat(view.email().receivedAt()).isEqualTo(RECEIVED_AT);
        assertThat(view.email().urls()).containsExactly("https://login.evil.example/pay", "https://example.org/");
        assertThat(view.requestedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(view.matching()).isNull();
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void theMatchesAndTheirVerdictAreRecordedInLowerCaseAndTheAnalysisStaysPending() {
        AnalysisView view = project(requested(), matched(2));

        assertThat(view.status()).isEqualTo(AnalysisStatus.PENDING);
        Matching matching = view.matching();
        assertThat(matching).isNotNull();
        assertThat(matching.matches()).containsExactly(new Match("sender_domain", "evil.example", "indicator-1",
                "evil.example", "domain", "phishing", "high", 0.9));
        assertThat(matching.preliminaryThreatLevel()).isEqualTo("high");
        assertThat(matching.preliminaryConfidence()).isEqualTo(0.9);
        assertThat(matching.verdictRule()).isEqualTo("indicators-v1");
        assertThat(matching.matchedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void aResultCompletesItAndKeepsTheMatches() {
        AnalysisView view = project(requested(), matched(2), completed(3, ThreatLevel.CRITICAL));

        assertThat(view.status()).isEqualTo(AnalysisStatus.COMPLETED);
        assertThat(view.result()).isEqualTo(new AnalysisResult("critical", 0.97,
                List.of("credential-phishing"), "analyzer-2.1", T0.plusSeconds(3)));
        assertThat(view.matching()).isNotNull();
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void aFailureIsFinalToo() {
        AnalysisView view = project(requested(), failed(2), completed(3, ThreatLevel.LOW));

        assertThat(view.status()).isEqualTo(AnalysisStatus.FAILED);
        assertThat(view.failure()).isEqualTo(new AnalysisFailure("timeout", "analyzer-2.1", T0.plusSeconds(2)));
        assertThat(view.result()).isNull();
        assertThat(view.version()).isEqualTo(3);
    }

    @Test
    void anEventAtOrBelowTheViewsVersionChangesNothing() {
        AnalysisView done = project(requested(), matched(2), completed(3, ThreatLevel.HIGH));

        assertThat(done.apply(matched(2))).isSameAs(done);
        assertThat(done.apply(requested())).isSameAs(done);
    }

    @Test
    void nothingButTheRequestStartsAView() {
        assertThat(AnalysisView.project(null, matched(2))).isNull();
        assertThat(AnalysisView.purges(purged(4))).isTrue();
        assertThat(AnalysisView.purges(completed(3, ThreatLevel.LOW))).isFalse();
    }

    @Test
    void theDocumentHasTheReadModelsFlatShapeAndReadsBackAsTheSameView() {
        AnalysisView view = project(requested(), matched(2), completed(3, ThreatLevel.HIGH));

        Document document = AnalysisDocuments.toDocument(view);

        assertThat(document.getString("status")).isEqualTo("completed");
        assertThat(document.getString("threatLevel")).isEqualTo("high");
        assertThat(document.getString("preliminaryThreatLevel")).isEqualTo("high");
        assertThat(document.getDate("receivedAt").toInstant()).isEqualTo(RECEIVED_AT);
        assertThat(document.getList("matches", Document.class).get(0).getString("field"))
                .isEqualTo("sender_domain");
        assertThat(AnalysisDocuments.fromDocument(document)).isEqualTo(view);
        AnalysisView pending = project(requested());
        assertThat(AnalysisDocuments.fromDocument(AnalysisDocuments.toDocument(pending))).isEqualTo(pending);
    }

    private static @Nullable AnalysisView project(AnalysisEvent... events) {
        AnalysisView view = null;
        for (AnalysisEvent event : events) {
            view = AnalysisView.project(view, event);
        }
        return view;
    }
}
