package dev.phishnet.projector.aggregates;

import java.util.Locale;

import dev.phishnet.schemas.analysis.ThreatLevel;
import org.bson.Document;

/**
 * Analyses of one day counted by one partition: in all, by status, and the completed ones by final threat level.
 *
 * @param total analyses requested
 * @param pending of which neither completed nor failed yet
 * @param completed of which completed
 * @param failed of which failed
 * @param safe completed with threat level safe
 * @param low completed with threat level low
 * @param medium completed with threat level medium
 * @param high completed with threat level high
 * @param critical completed with threat level critical
 */
public record AnalysisCounts(long total, long pending, long completed, long failed,
        long safe, long low, long medium, long high, long critical) {

    public static final AnalysisCounts NONE = new AnalysisCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** These counts with the analysis counted in. */
    public AnalysisCounts plus(AnalysisContribution contribution) {
        return add(contribution, 1);
    }

    /** These counts with the analysis, as it contributed before, taken out again. */
    public AnalysisCounts minus(AnalysisContribution contribution) {
        return add(contribution, -1);
    }

    private AnalysisCounts add(AnalysisContribution contribution, int sign) {
        AnalysisContribution.Status status = contribution.status();
        ThreatLevel level = contribution.threatLevel();
        return new AnalysisCounts(
                total + sign,
                pending + (status == AnalysisContribution.Status.PENDING ? sign : 0),
                completed + (status == AnalysisContribution.Status.COMPLETED ? sign : 0),
                failed + (status == AnalysisContribution.Status.FAILED ? sign : 0),
                safe + (level == ThreatLevel.SAFE ? sign : 0),
                low + (level == ThreatLevel.LOW ? sign : 0),
                medium + (level == ThreatLevel.MEDIUM ? sign : 0),
                high + (level == ThreatLevel.HIGH ? sign : 0),
                critical + (level == ThreatLevel.CRITICAL ? sign : 0));
    }

    /** {@code {total, byStatus: {pending, completed, failed}, byThreatLevel: {safe, low, medium, high, critical}}}. */
    public Document toDocument() {
        return new Document("total", total)
                .append("byStatus", new Document(name(AnalysisContribution.Status.PENDING), pending)
                        .append(name(AnalysisContribution.Status.COMPLETED), completed)
                        .append(name(AnalysisContribution.Status.FAILED), failed))
                .append("byThreatLevel", new Document(name(ThreatLevel.SAFE), safe)
                        .append(name(ThreatLevel.LOW), low)
                        .append(name(ThreatLevel.MEDIUM), medium)
                        .append(name(ThreatLevel.HIGH), high)
                        .append(name(ThreatLevel.CRITICAL), critical));
    }

    public static AnalysisCounts fromDocument(Document document) {
        Document byStatus = document.get("byStatus", Document.class);
        Document byLevel = document.get("byThreatLevel", Document.class);
        return new AnalysisCounts(document.getLong("total"),
                byStatus.getLong(name(AnalysisContribution.Status.PENDING)),
                byStatus.getLong(name(AnalysisContribution.Status.COMPLETED)),
                byStatus.getLong(name(AnalysisContribution.Status.FAILED)),
                byLevel.getLong(name(ThreatLevel.SAFE)),
                byLevel.getLong(name(ThreatLevel.LOW)),
                byLevel.getLong(name(ThreatLevel.MEDIUM)),
                byLevel.getLong(name(ThreatLevel.HIGH)),
                byLevel.getLong(name(ThreatLevel.CRITICAL)));
    }

    /** Lower case, as the API names statuses and levels on the wire. */
    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
