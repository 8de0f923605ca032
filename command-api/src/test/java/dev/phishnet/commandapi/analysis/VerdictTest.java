package dev.phishnet.commandapi.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.threatintel.IndicatorType;
import dev.phishnet.commandapi.user.TenantId;
import org.junit.jupiter.api.Test;

class VerdictTest {

    static IndicatorMatch match(String indicator, MatchedField field, ThreatLevel level, double confidence) {
        return new IndicatorMatch(field, "value", IndicatorId.of(TenantId.of("acme"), IndicatorType.DOMAIN, indicator),
                indicator, IndicatorType.DOMAIN, "phishing", level, confidence);
    }

    @Test
    void noMatchGivesNoLevelAndNoConfidence() {
        assertThat(Verdict.indicatorsV1(List.of())).isEqualTo(new Verdict(null, 0.0, "indicators-v1"));
    }

    @Test
    void theHighestLevelWinsAndItsIndicatorsCombineAsNoisyOr() {
        Verdict verdict = Verdict.indicatorsV1(List.of(
                match("a.example", MatchedField.SENDER_DOMAIN, ThreatLevel.HIGH, 0.5),
                match("b.example", MatchedField.URL_DOMAIN, ThreatLevel.HIGH, 0.6),
                match("c.example", MatchedField.URL_DOMAIN, ThreatLevel.MEDIUM, 0.99)));

        // 1 - (1 - 0.5)(1 - 0.6) = 0.8; the medium indicator does not count.
        assertThat(verdict).isEqualTo(new Verdict(ThreatLevel.HIGH, 0.8, "indicators-v1"));
    }

    @Test
    void anIndicatorMatchingSeveralFieldsCountsOnce() {
        Verdict verdict = Verdict.indicatorsV1(List.of(
                match("a.example", MatchedField.SENDER_DOMAIN, ThreatLevel.CRITICAL, 0.7),
                match("a.example", MatchedField.URL_DOMAIN, ThreatLevel.CRITICAL, 0.7)));

        assertThat(verdict.confidence()).isEqualTo(0.7);
    }

    @Test
    void theConfidenceIsRoundedToFourDecimals() {
        Verdict verdict = Verdict.indicatorsV1(List.of(
                match("a.example", MatchedField.URL, ThreatLevel.LOW, 0.33333),
                match("b.example", MatchedField.URL, ThreatLevel.LOW, 0.12345)));

        assertThat(verdict.confidence()).isEqualTo(0.4156);
    }

    @Test
    void theOrderOfTheMatchesDoesNotMatter() {
        List<IndicatorMatch> matches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            matches.add(match("d" + i + ".example", MatchedField.URL_DOMAIN, ThreatLevel.MEDIUM, 0.01 * i + 0.013));
        }
        Verdict first = Verdict.indicatorsV1(matches);
        Collections.reverse(matches);
        Verdict reversed = Verdict.indicatorsV1(matches);
        Collections.shuffle(matches, new java.util.Random(7));

        assertThat(reversed).isEqualTo(first);
        assertThat(Verdict.indicatorsV1(matches)).isEqualTo(first);
    }
}
