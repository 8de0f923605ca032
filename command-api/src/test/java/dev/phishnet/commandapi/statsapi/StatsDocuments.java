package dev.phishnet.commandapi.statsapi;

import java.util.List;
import java.util.Map;

import org.bson.Document;

/** Documents of the counting views as the projector writes them, built small for the tests. */
final class StatsDocuments {

    private StatsDocuments() {
    }

    /** An {@code analysis_stats} document of a user (or, with a null user, the tenant) with the given parts. */
    static Document stats(String tenant, String user, String day, Map<String, Document> parts) {
        return new Document("_id", tenant + "|" + (user != null ? user : "*") + "|" + day)
                .append("tenantId", tenant).append("userId", user).append("day", day)
                .append("parts", new Document(parts));
    }

    /** One partition's analysis counts; {@code levels} are safe, low, medium, high, critical. */
    static Document statsPart(long pending, long completed, long failed, long... levels) {
        return new Document("offset", 7L).append("total", pending + completed + failed)
                .append("byStatus", new Document("pending", pending).append("completed", completed)
                        .append("failed", failed))
                .append("byThreatLevel", new Document("safe", levels[0]).append("low", levels[1])
                        .append("medium", levels[2]).append("high", levels[3]).append("critical", levels[4]));
    }

    static Document usage(String tenant, String user, String day, Map<String, Document> parts) {
        return new Document("_id", tenant + "|" + user + "|" + day)
                .append("tenantId", tenant).append("userId", user).append("day", day)
                .append("parts", new Document(parts));
    }

    /** One partition's usage counts: action, count, action, count, ... */
    static Document usagePart(Object... actionsAndCounts) {
        long total = 0;
        List<Document> byAction = new java.util.ArrayList<>();
        for (int i = 0; i < actionsAndCounts.length; i += 2) {
            long count = ((Number) actionsAndCounts[i + 1]).longValue();
            byAction.add(new Document("action", actionsAndCounts[i]).append("count", count));
            total += count;
        }
        return new Document("offset", 3L).append("total", total).append("byAction", byAction);
    }
}
