package dev.phishnet.projector.analysis;

import java.time.Instant;
import java.util.List;

import dev.phishnet.schemas.analysis.IndicatorsMatched;
import org.jspecify.annotations.Nullable;

/**
 * What the lookup of the email's sender and URLs among the tenant's indicators found, and the verdict the matches
 * alone give.
 *
 * @param matches every (field, indicator) pair that matched; empty when nothing did
 * @param preliminaryThreatLevel the highest threat level among the matches, lower case; null when nothing matched
 * @param preliminaryConfidence 0..1
 * @param verdictRule the version of the verdict function, e.g. {@code indicators-v1}
 * @param matchedAt when the matching was recorded
 */
public record Matching(
        List<Match> matches,
        @Nullable String preliminaryThreatLevel,
        double preliminaryConfidence,
        String verdictRule,
        Instant matchedAt) {

    public Matching {
        matches = List.copyOf(matches);
    }

    static Matching of(IndicatorsMatched matched, Instant at) {
        return new Matching(matched.getMatches().stream().map(Match::of).toList(),
                matched.getPreliminaryThreatLevel() != null ? Wire.of(matched.getPreliminaryThreatLevel()) : null,
                matched.getPreliminaryConfidence(), matched.getVerdictRule(), at);
    }
}
