package dev.phishnet.commandapi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.analysis.AnalysisCommand.CompleteAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand.FailAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand.PurgeAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand.RecordIndicatorLookup;
import dev.phishnet.commandapi.analysis.AnalysisCommand.RequestAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisCompleted;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisFailed;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisPurged;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisRequested;
import dev.phishnet.commandapi.analysis.AnalysisEvent.IndicatorsMatched;
import dev.phishnet.commandapi.analysis.AnalysisEvent.LookupRecorded;
import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.threatintel.IndicatorType;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import org.junit.jupiter.api.Test;

class AnalysisDeciderTest {

    static final TenantId ACME = TenantId.of("acme");
    static final UserId ADA = UserId.of("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b");
    static final AnalysisId ID = AnalysisId.of(ACME, ADA, "msg-1");
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant RECEIVED = T0.minusSeconds(60);

    static RequestAnalysis request(String sender, String... urls) {
        return new RequestAnalysis(ID, ACME, ADA, "msg-1", "Your invoice", sender, "ada@acme.example", RECEIVED,
                List.of(urls));
    }

    static Optional<Analysis> given(AnalysisCommand... commands) {
        Optional<Analysis> state = Optional.empty();
        for (AnalysisCommand command : commands) {
            Decision<AnalysisEvent> decision = AnalysisDecider.decide(state, command, T0);
            assertThat(decision).isInstanceOf(Decision.Accepted.class);
            state = AnalysisDecider.evolve(state, decision.events());
        }
        return state;
    }

    static IndicatorId id(IndicatorType type, String value) {
        return IndicatorId.of(ACME, type, value);
    }

    static IndicatorMatch match(MatchedField field, String value, IndicatorType type, String indicator,
            ThreatLevel level, double confidence) {
        return new IndicatorMatch(field, value, id(type, indicator), indicator, type, "phishing", level, confidence);
    }

    @Test
    void aRequestIsRecordedWithWhatToLookUp() {
        Decision<AnalysisEvent> decision = AnalysisDecider.decide(Optional.empty(),
                request("bob@evil.example", "https://evil.example/login"), T0);

        AnalysisRequested requested = (AnalysisRequested) decision.events().get(0);
        assertThat(decision.events()).hasSize(1);
        assertThat(requested.requestedAt()).isEqualTo(T0);
        assertThat(requested.lookups()).extracting(Lookup::indicator).containsExactly("bob@evil.example",
                "evil.example", "https://evil.example/login");
        Analysis analysis = AnalysisDecider.evolve(Optional.empty(), requested).orElseThrow();
        assertThat(analysis.status()).isEqualTo(AnalysisStatus.PENDING);
        assertThat(analysis.pending()).hasSize(3);
        assertThat(analysis.version()).isEqualTo(1);
    }

    @Test
    void aRepeatedRequestIsAcceptedWithNoEvent() {
        Optional<Analysis> state = given(request("bob@evil.example"));

        Decision<AnalysisEvent> repeat = AnalysisDecider.decide(state, request("bob@evil.example"), T0.plusSeconds(5));

        assertThat(repeat).isInstanceOf(Decision.Accepted.class);
        assertThat(repeat.events()).isEmpty();
    }

    @Test
    void aRequestWhoseIdIsNotItsUsersAndMessagesIsRefused() {
        RequestAnalysis forged = new RequestAnalysis(AnalysisId.of(ACME, ADA, "msg-2"), ACME, ADA, "msg-1", "s",
                "bob@evil.example", "ada@acme.example", RECEIVED, List.of());

        assertThat(rejection(Optional.empty(), forged).code()).isEqualTo(Rejection.Code.INVALID);
    }

    @Test
    void theLastAnswerRecordsTheMatchesInOneOrderAndTheirVerdict() {
        Optional<Analysis> state = given(request("bob@evil.example", "https://evil.example/login"));
        IndicatorMatch domain = match(MatchedField.URL_DOMAIN, "https://evil.example/login", IndicatorType.DOMAIN,
                "evil.example", ThreatLevel.HIGH, 0.5);
        IndicatorMatch sender = match(MatchedField.SENDER_DOMAIN, "evil.example", IndicatorType.DOMAIN,
                "evil.example", ThreatLevel.HIGH, 0.5);
        IndicatorMatch url = match(MatchedField.URL, "https://evil.example/login", IndicatorType.URL,
                "https://evil.example/login", ThreatLevel.MEDIUM, 0.9);

        Decision<AnalysisEvent> first = AnalysisDecider.decide(state, new RecordIndicatorLookup(ID, ACME,
                id(IndicatorType.DOMAIN, "evil.example"), List.of(domain, sender)), T0);
        assertThat(first.events()).containsExactly(new LookupRecorded(id(IndicatorType.DOMAIN, "evil.example"),
                List.of(domain, sender)));
        state = AnalysisDecider.evolve(state, first.events());
        state = AnalysisDecider.evolve(state, AnalysisDecider.decide(state, new RecordIndicatorLookup(ID, ACME,
                id(IndicatorType.EMAIL, "bob@evil.example"), List.of()), T0).events());

        Decision<AnalysisEvent> last = AnalysisDecider.decide(state, new RecordIndicatorLookup(ID, ACME,
                id(IndicatorType.URL, "https://evil.example/login"), List.of(url)), T0);

        assertThat(last.events()).last().isEqualTo(new IndicatorsMatched(List.of(sender, url, domain), 3,
                new Verdict(ThreatLevel.HIGH, 0.5, "indicators-v1")));
        Analysis matched = AnalysisDecider.evolve(state, last.events()).orElseThrow();
        assertThat(matched.matched()).isTrue();
        assertThat(matched.version()).isEqualTo(2);
    }

    @Test
    void aRepeatedAnswerChangesNothing() {
        Optional<Analysis> state = given(request("bob@evil.example"));
        RecordIndicatorLookup answer = new RecordIndicatorLookup(ID, ACME,
                id(IndicatorType.EMAIL, "bob@evil.example"), List.of());
        state = AnalysisDecider.evolve(state, AnalysisDecider.decide(state, answer, T0).events());

        assertThat(AnalysisDecider.decide(state, answer, T0).events()).isEmpty();
    }

    @Test
    void anAnalysisWithNothingToLookUpIsMatchedAtOnce() {
        Decision<AnalysisEvent> decision = AnalysisDecider.decide(Optional.empty(), request("undisclosed"), T0);

        assertThat(decision.events()).last().isEqualTo(new IndicatorsMatched(List.of(), 0,
                new Verdict(null, 0.0, "indicators-v1")));
    }

    @Test
    void anAnalysisIsCompletedOnceEvenBeforeItsMatches() {
        Optional<Analysis> state = given(request("bob@evil.example"));
        CompleteAnalysis complete = new CompleteAnalysis(ID, ACME, ThreatLevel.HIGH, 0.9, List.of("credential-phish"),
                "analyzer-2.1");

        Decision<AnalysisEvent> decision = AnalysisDecider.decide(state, complete, T0);
        assertThat(decision.events()).containsExactly(new AnalysisCompleted(ThreatLevel.HIGH, 0.9,
                List.of("credential-phish"), "analyzer-2.1"));
        Optional<Analysis> completed = AnalysisDecider.evolve(state, decision.events());

        assertThat(completed.orElseThrow().status()).isEqualTo(AnalysisStatus.COMPLETED);
        assertThat(rejection(completed, complete).code()).isEqualTo(Rejection.Code.ALREADY_FINAL);
        assertThat(rejection(completed, new FailAnalysis(ID, ACME, "late", null)).code())
                .isEqualTo(Rejection.Code.ALREADY_FINAL);
    }

    @Test
    void aFailedAnalysisIsFinalToo() {
        Optional<Analysis> state = given(request("bob@evil.example"));

        Decision<AnalysisEvent> decision = AnalysisDecider.decide(state, new FailAnalysis(ID, ACME, "timeout",
                "analyzer-2.1"), T0);
        assertThat(decision.events()).containsExactly(new AnalysisFailed("timeout", "analyzer-2.1"));

        Optional<Analysis> failed = AnalysisDecider.evolve(state, decision.events());
        assertThat(rejection(failed, new CompleteAnalysis(ID, ACME, ThreatLevel.SAFE, 0.1, List.of(), "v"))
                .code()).isEqualTo(Rejection.Code.ALREADY_FINAL);
    }

    @Test
    void anUnknownOrAnotherTenantsAnalysisIsNotFound() {
        Optional<Analysis> state = given(request("bob@evil.example"));

        assertThat(rejection(Optional.empty(), new FailAnalysis(ID, ACME, "x", null)).code())
                .isEqualTo(Rejection.Code.NOT_FOUND);
        assertThat(rejection(state, new CompleteAnalysis(ID, TenantId.of("globex"), ThreatLevel.SAFE, 0, List.of(),
                "v")).code()).isEqualTo(Rejection.Code.NOT_FOUND);
    }

    @Test
    void aPurgeForgetsAnAnalysisRequestedBeforeTheCutoff() {
        Optional<Analysis> state = given(request("bob@evil.example"));
        Instant cutoff = T0.plus(Duration.ofDays(1));

        Decision<AnalysisEvent> decision = AnalysisDecider.decide(state, new PurgeAnalysis(ID, ACME, cutoff, "run-1"),
                cutoff);

        assertThat(decision.events()).containsExactly(new AnalysisPurged(T0, cutoff, "run-1"));
        assertThat(AnalysisDecider.evolve(state, decision.events())).isEmpty();
        assertThat(rejection(state, new PurgeAnalysis(ID, ACME, T0, "run-1")).code())
                .isEqualTo(Rejection.Code.CONFLICT);
        assertThat(AnalysisDecider.decide(Optional.empty(), new PurgeAnalysis(ID, ACME, cutoff, "run-1"), cutoff)
                .events()).isEmpty();
    }

    private static Rejection rejection(Optional<Analysis> state, AnalysisCommand command) {
        Decision<AnalysisEvent> decision = AnalysisDecider.decide(state, command, T0);
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected<AnalysisEvent>) decision).rejection();
    }
}
