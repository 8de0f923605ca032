package dev.phishnet.commandapi.threatintel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.analysis.IndicatorMatch;
import dev.phishnet.commandapi.analysis.MatchCandidate;
import dev.phishnet.commandapi.analysis.MatchedField;
import dev.phishnet.commandapi.analysis.ThreatLevel;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.LookUpIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.PurgeIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.ReportIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.RetireIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.IndicatorPurged;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.IndicatorReported;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.IndicatorRetired;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.LookUpAnswered;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.TenantId;
import org.junit.jupiter.api.Test;

class IndicatorDeciderTest {

    static final TenantId ACME = TenantId.of("acme");
    static final TenantId GLOBEX = TenantId.of("globex");
    static final String DOMAIN = "evil.example";
    static final IndicatorId ID = IndicatorId.of(ACME, IndicatorType.DOMAIN, DOMAIN);
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant T1 = T0.plus(Duration.ofDays(3));

    static ReportIndicator report(String source, ThreatLevel level, double confidence, List<String> tags,
            String description) {
        return new ReportIndicator(ID, ACME, DOMAIN, IndicatorType.DOMAIN, "phishing", level, confidence, source,
                tags, description);
    }

    static Optional<Indicator> given(Instant at, IndicatorCommand... commands) {
        Optional<Indicator> state = Optional.empty();
        for (IndicatorCommand command : commands) {
            Decision<IndicatorEvent> decision = IndicatorDecider.decide(state, command, at);
            assertThat(decision).isInstanceOf(Decision.Accepted.class);
            for (IndicatorEvent event : decision.events()) {
                state = IndicatorDecider.evolve(state, event);
            }
        }
        return state;
    }

    @Test
    void aFirstReportCreatesTheIndicator() {
        Decision<IndicatorEvent> decision = IndicatorDecider.decide(Optional.empty(),
                report("feed-a", ThreatLevel.HIGH, 0.8, List.of("kit", "kit"), "a kit"), T0);

        assertThat(decision.events()).singleElement().isInstanceOfSatisfying(IndicatorReported.class, reported -> {
            assertThat(reported.created()).isTrue();
            assertThat(reported.source()).isEqualTo("feed-a");
            assertThat(reported.indicator()).isEqualTo(new Indicator(ID, ACME, DOMAIN, IndicatorType.DOMAIN,
                    "phishing", ThreatLevel.HIGH, 0.8, List.of("feed-a"), List.of("kit"), "a kit", T0, T0, 1, true,
                    1));
        });
    }

    @Test
    void aLaterReportMergesSourcesAndTagsTakesTheLatestFactsAndKeepsAnOmittedDescription() {
        Optional<Indicator> state = given(T0, report("feed-a", ThreatLevel.HIGH, 0.8, List.of("kit"), "a kit"));

        Decision<IndicatorEvent> decision = IndicatorDecider.decide(state,
                report("feed-b", ThreatLevel.CRITICAL, 0.95, List.of("bank", "kit"), null), T1);

        IndicatorReported reported = (IndicatorReported) decision.events().get(0);
        assertThat(reported.created()).isFalse();
        Indicator merged = reported.indicator();
        assertThat(merged.sources()).containsExactly("feed-a", "feed-b");
        assertThat(merged.tags()).containsExactly("kit", "bank");
        assertThat(merged.threatLevel()).isEqualTo(ThreatLevel.CRITICAL);
        assertThat(merged.confidenceScore()).isEqualTo(0.95);
        assertThat(merged.description()).isEqualTo("a kit");
        assertThat(merged.firstSeenAt()).isEqualTo(T0);
        assertThat(merged.lastSeenAt()).isEqualTo(T1);
        assertThat(merged.reports()).isEqualTo(2);
        assertThat(merged.version()).isEqualTo(2);
    }

    @Test
    void aSourceReportingAgainKeepsItsFirstPlace() {
        Optional<Indicator> state = given(T0, report("feed-a", ThreatLevel.LOW, 0.1, List.of(), null),
                report("feed-b", ThreatLevel.LOW, 0.1, List.of(), null));

        Indicator merged = ((IndicatorReported) IndicatorDecider.decide(state,
                report("feed-a", ThreatLevel.LOW, 0.1, List.of(), "new"), T1).events().get(0)).indicator();

        assertThat(merged.sources()).containsExactly("feed-a", "feed-b");
        assertThat(merged.description()).isEqualTo("new");
    }

    @Test
    void aReportThatIsNotNormalizedOrNotUnderItsIdIsRefused() {
        ReportIndicator unnormalized = new ReportIndicator(ID, ACME, "Evil.Example.", IndicatorType.DOMAIN,
                "phishing", ThreatLevel.HIGH, 0.5, "feed", List.of(), null);
        ReportIndicator otherTenantsId = new ReportIndicator(ID, GLOBEX, DOMAIN, IndicatorType.DOMAIN, "phishing",
                ThreatLevel.HIGH, 0.5, "feed", List.of(), null);

        assertThat(rejection(Optional.empty(), unnormalized).field()).isEqualTo("indicator");
        assertThat(rejection(Optional.empty(), otherTenantsId).code()).isEqualTo(Rejection.Code.INVALID);
    }

    @Test
    void retiringMakesItInactiveOnceAndAReportMakesItActiveAgain() {
        Optional<Indicator> state = given(T0, report("feed-a", ThreatLevel.HIGH, 0.8, List.of(), null));

        Decision<IndicatorEvent> retire = IndicatorDecider.decide(state, new RetireIndicator(ID, ACME, "fixed"), T1);
        IndicatorRetired retired = (IndicatorRetired) retire.events().get(0);
        assertThat(retired.indicator().active()).isFalse();
        assertThat(retired.indicator().version()).isEqualTo(2);
        assertThat(retired.reason()).isEqualTo("fixed");

        Optional<Indicator> after = IndicatorDecider.evolve(state, retired);
        assertThat(rejection(after, new RetireIndicator(ID, ACME, null)).code())
                .isEqualTo(Rejection.Code.ALREADY_RETIRED);
        IndicatorReported again = (IndicatorReported) IndicatorDecider.decide(after,
                report("feed-a", ThreatLevel.HIGH, 0.8, List.of(), null), T1).events().get(0);
        assertThat(again.indicator().active()).isTrue();
        assertThat(again.created()).isFalse();
    }

    @Test
    void anUnknownOrAnotherTenantsIndicatorIsNotFound() {
        Optional<Indicator> state = given(T0, report("feed-a", ThreatLevel.HIGH, 0.8, List.of(), null));

        assertThat(rejection(Optional.empty(), new RetireIndicator(ID, ACME, null)).code())
                .isEqualTo(Rejection.Code.NOT_FOUND);
        assertThat(rejection(state, new RetireIndicator(ID, GLOBEX, null)).code())
                .isEqualTo(Rejection.Code.NOT_FOUND);
    }

    @Test
    void anActiveIndicatorAnswersALookupWithOneMatchPerCandidate() {
        Optional<Indicator> state = given(T0, report("feed-a", ThreatLevel.HIGH, 0.8, List.of(), null));
        LookUpIndicator lookUp = new LookUpIndicator(ID, ACME, "analysis-1", DOMAIN, IndicatorType.DOMAIN, List.of(
                new MatchCandidate(MatchedField.SENDER_DOMAIN, "mail.evil.example"),
                new MatchCandidate(MatchedField.URL_DOMAIN, "https://evil.example/login")));

        Decision<IndicatorEvent> decision = IndicatorDecider.decide(state, lookUp, T1);

        assertThat(decision.events()).containsExactly(new LookUpAnswered("analysis-1", ID, List.of(
                new IndicatorMatch(MatchedField.SENDER_DOMAIN, "mail.evil.example", ID, DOMAIN, IndicatorType.DOMAIN,
                        "phishing", ThreatLevel.HIGH, 0.8),
                new IndicatorMatch(MatchedField.URL_DOMAIN, "https://evil.example/login", ID, DOMAIN,
                        IndicatorType.DOMAIN, "phishing", ThreatLevel.HIGH, 0.8))));
        assertThat(IndicatorDecider.evolve(state, decision.events().get(0))).isEqualTo(state);
    }

    @Test
    void anUnknownOrRetiredIndicatorAnswersALookupWithNoMatch() {
        LookUpIndicator lookUp = new LookUpIndicator(ID, ACME, "analysis-1", DOMAIN, IndicatorType.DOMAIN,
                List.of(new MatchCandidate(MatchedField.SENDER_DOMAIN, DOMAIN)));
        Optional<Indicator> retired = given(T0, report("feed-a", ThreatLevel.HIGH, 0.8, List.of(), null),
                new RetireIndicator(ID, ACME, null));

        assertThat(IndicatorDecider.decide(Optional.empty(), lookUp, T1).events())
                .containsExactly(new LookUpAnswered("analysis-1", ID, List.of()));
        assertThat(IndicatorDecider.decide(retired, lookUp, T1).events())
                .containsExactly(new LookUpAnswered("analysis-1", ID, List.of()));
    }

    @Test
    void aPurgeForgetsAnIndicatorLastSeenWhenTheWorkerSawIt() {
        Optional<Indicator> state = given(T0, report("feed-a", ThreatLevel.HIGH, 0.8, List.of(), null));

        Decision<IndicatorEvent> decision = IndicatorDecider.decide(state,
                new PurgeIndicator(ID, ACME, T0, T1, "run-1"), T1);

        assertThat(decision.events()).containsExactly(
                new IndicatorPurged(ID, DOMAIN, IndicatorType.DOMAIN, T0, T1, "run-1"));
        assertThat(IndicatorDecider.evolve(state, decision.events().get(0))).isEmpty();
    }

    @Test
    void aReportSinceTheWorkerLookedWinsOverThePurge() {
        Optional<Indicator> state = given(T0, report("feed-a", ThreatLevel.HIGH, 0.8, List.of(), null));
        Optional<Indicator> reportedAgain = given(T1, report("feed-a", ThreatLevel.HIGH, 0.8, List.of(), null));
        Optional<Indicator> merged = IndicatorDecider.evolve(state, IndicatorDecider.decide(state,
                report("feed-b", ThreatLevel.HIGH, 0.8, List.of(), null), T1).events().get(0));

        assertThat(rejection(merged, new PurgeIndicator(ID, ACME, T0, T1.plusSeconds(1), "run-1")).code())
                .isEqualTo(Rejection.Code.CONFLICT);
        assertThat(rejection(reportedAgain, new PurgeIndicator(ID, ACME, T1, T1, "run-1")).code())
                .as("not before the cutoff").isEqualTo(Rejection.Code.CONFLICT);
        assertThat(IndicatorDecider.decide(Optional.empty(), new PurgeIndicator(ID, ACME, T0, T1, "run-1"), T1)
                .events()).isEmpty();
    }

    private static Rejection rejection(Optional<Indicator> state, IndicatorCommand command) {
        Decision<IndicatorEvent> decision = IndicatorDecider.decide(state, command, T1);
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        assertThat(decision.events()).isEmpty();
        return ((Decision.Rejected<IndicatorEvent>) decision).rejection();
    }
}
