package dev.phishnet.commandapi.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The preliminary verdict the indicator matches alone give an email.
 *
 * @param level null when nothing matched
 * @param confidence 0..1
 * @param rule the function that gave it, e.g. {@value #INDICATORS_V1}
 */
public record Verdict(ThreatLevel level, double confidence, String rule) {

    public static final String INDICATORS_V1 = "indicators-v1";

    public Verdict {
        Objects.requireNonNull(rule, "rule");
    }

    /**
     * Rule {@value #INDICATORS_V1}, a pure function of the matches (no clock, no randomness, not their order):
     *
     * <ul>
     * <li>no match: level null, confidence 0;</li>
     * <li>otherwise the level is the highest threat level among the matched indicators, and the confidence combines
     * the confidence scores of the distinct indicators at that level as independent signals (noisy-or):
     * {@code 1 - Π(1 - c_i)}, rounded half-up to 4 decimals. An indicator that matched several fields counts once.</li>
     * </ul>
     *
     * The product is taken in the order of the indicator ids, so that floating point gives the same bits whichever
     * order the matches came in.
     */
    public static Verdict indicatorsV1(List<IndicatorMatch> matches) {
        if (matches.isEmpty()) {
            return new Verdict(null, 0.0, INDICATORS_V1);
        }
        ThreatLevel level = matches.stream().map(IndicatorMatch::threatLevel).max(Comparator.naturalOrder())
                .orElseThrow();
        Map<String, Double> confidenceById = new TreeMap<>();
        for (IndicatorMatch match : matches) {
            if (match.threatLevel() == level) {
                // One indicator has one confidence; the max guards against a malformed list that disagrees.
                confidenceById.merge(match.indicatorId().value(), clamp(match.confidenceScore()), Math::max);
            }
        }
        double allMiss = 1.0;
        for (double confidence : confidenceById.values()) {
            allMiss *= 1.0 - confidence;
        }
        double confidence = BigDecimal.valueOf(1.0 - allMiss).setScale(4, RoundingMode.HALF_UP).doubleValue();
        return new Verdict(level, confidence, INDICATORS_V1);
    }

    private static double clamp(double confidence) {
        return Math.max(0.0, Math.min(1.0, confidence));
    }
}
