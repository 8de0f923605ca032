package dev.phishnet.projector.threatintel;

import static dev.phishnet.projector.testing.Events.T0;
import static dev.phishnet.projector.testing.IndicatorEvents.INDICATOR;
import static dev.phishnet.projector.testing.IndicatorEvents.merged;
import static dev.phishnet.projector.testing.IndicatorEvents.purged;
import static dev.phishnet.projector.testing.IndicatorEvents.reported;
import static dev.phishnet.projector.testing.IndicatorEvents.retired;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class IndicatorViewTest {

    @Test
    void aReportMakesAnActiveIndicatorInLowerCase() {
        IndicatorView view = project(reported());

        assertThat(view.id()).isEqualTo(INDICATOR);
        assertThat(view.tenantId()).isEqualTo("tenant-a");
        assertThat(view.indicator()).isEqualTo("evil.example");
        assertThat(view.indicatorType()).isEqualTo("domain");
        assertThat(view.threatLevel()).isEqualTo("medium");
        assertThat(view.sources()).containsExactly("feed-a");
        assertThat(view.status()).isEqualTo("active");
        assertThat(view.firstSeenAt()).isEqualTo(view.lastSeenAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(view.reports()).isEqualTo(1);
        assertThat(view.version()).isEqualTo(1);
    }

    @Test
    void aSecondReportShowsTheMergedIndicator() {
        IndicatorView view = project(reported(), merged(2));

        assertThat(view.sources()).containsExactly("feed-a", "feed-b");
        assertThat(view.tags()).containsExactly("phishing-kit", "credential-theft");
        assertThat(view.threatLevel()).isEqualTo("high");
        assertThat(view.confidenceScore()).isEqualTo(0.9);
        assertThat(view.firstSeenAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(view.lastSeenAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(view.reports()).isEqualTo(2);
    }

    @Test
    void aRetirementKeepsTheIndicatorAndSaysWhenAndAReportMakesItActiveAgain() {
        IndicatorView retired = project(reported(), merged(2), retired(3));

        assertThat(retired.status()).isEqualTo("retired");
        assertThat(retired.retiredAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(retired.sources()).containsExactly("feed-a", "feed-b");

        IndicatorView again = IndicatorView.project(retired, merged(4));
        assertThat(again.status()).isEqualTo("active");
        assertThat(again.retiredAt()).isNull();
    }

    @Test
    void anOlderEventChangesNothing() {
        IndicatorView view = project(reported(), merged(2));

        assertThat(IndicatorView.project(view, reported())).isSameAs(view);
        assertThat(IndicatorView.purges(purged(3))).isTrue();
        assertThat(IndicatorView.purges(merged(3))).isFalse();
    }

    @Test
    void theDocumentReadsBackAsTheSameView() {
        IndicatorView view = project(reported(), merged(2), retired(3));

        Document document = IndicatorDocuments.toDocument(view);

        assertThat(document.getString("status")).isEqualTo("retired");
        assertThat(document.getList("sources", String.class)).isEqualTo(List.of("feed-a", "feed-b"));
        assertThat(IndicatorDocuments.fromDocument(document)).isEqualTo(view);
    }

    private static @Nullable IndicatorView project(ThreatIntelEvent... events) {
        IndicatorView view = null;
        for (ThreatIntelEvent event : events) {
            view = IndicatorView.project(view, event);
        }
        return view;
    }
}
