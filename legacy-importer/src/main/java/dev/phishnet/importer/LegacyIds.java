package dev.phishnet.importer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic ids: the same legacy record gives the same id on every run, so the deciders refuse a re-run as
 * duplicates. Users and audit entries: name-based UUIDs of (tenant, legacy id). Analyses and indicators: the id the
 * API itself computes (command-api {@code AnalysisId.of(tenant, user, gmailMessageId)} and
 * {@code IndicatorId.of(tenant, type, normalized)}), replicated here and pinned by tests, so that a legacy analysis
 * submitted again through the API is the same analysis.
 */
final class LegacyIds {

    private LegacyIds() {}

    static String user(String tenant, String legacyUserId) {
        return uuid("legacy-user|" + tenant + "|" + legacyUserId);
    }

    static String auditEntry(String tenant, String legacyId) {
        return uuid("legacy-audit|" + tenant + "|" + legacyId);
    }

    static String analysis(String tenant, String userId, String gmailMessageId) {
        return uuid("analysis|" + tenant + "|" + userId + "|" + gmailMessageId);
    }

    static String indicator(String tenant, String type, String normalized) {
        return uuid("indicator|" + tenant + "|" + type + "|" + normalized);
    }

    static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
