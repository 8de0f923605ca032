package dev.phishnet.importer;

import static dev.phishnet.importer.LegacyJson.bool;
import static dev.phishnet.importer.LegacyJson.instant;
import static dev.phishnet.importer.LegacyJson.json;
import static dev.phishnet.importer.LegacyJson.number;
import static dev.phishnet.importer.LegacyJson.requiredInstant;
import static dev.phishnet.importer.LegacyJson.requiredText;
import static dev.phishnet.importer.LegacyJson.strings;
import static dev.phishnet.importer.LegacyJson.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.phishnet.schemas.analysis.ImportAnalysis;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.ImportAuditEntry;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.threatintel.ImportIndicator;
import dev.phishnet.schemas.threatintel.IndicatorType;
import dev.phishnet.schemas.user.ImportUser;

/**
 * Turns one legacy record into the command that imports it, with the deterministic ids of {@link LegacyIds}. A record
 * that cannot be imported is a {@link Mapped.Reject} naming the field at fault; legacy sessions are
 * {@link Mapped.Skip}ped (their tokens are not in the export, so they cannot be revived).
 */
final class LegacyMapper {

    static final Actor IMPORTER = new Actor("legacy-importer", ActorKind.SERVICE, null, null);
    static final String SESSION_SKIP_REASON =
            "legacy sessions cannot be revived (the export holds no tokens): users sign in again";
    private static final Set<String> BCRYPT_PREFIXES = Set.of("$2a$", "$2b$", "$2y$");
    private static final Set<String> STATUSES = Set.of("pending", "completed", "failed");

    private final String tenant;
    private final Clock clock;

    LegacyMapper(String tenant, Clock clock) {
        this.tenant = tenant;
        this.clock = clock;
    }

    Mapped map(Export export, JsonNode record) {
        try {
            switch (export) {
                case USERS:
                    return user(record);
                case PERSISTENT_SESSIONS:
                    return new Mapped.Skip(SESSION_SKIP_REASON);
                case EMAIL_ANALYSES:
                    return analysis(record);
                case THREAT_INTELLIGENCE:
                    return indicator(record);
                case AUDIT_LOGS:
                    return auditEntry(record);
                default:
                    throw new IllegalArgumentException("no mapping for " + export);
            }
        } catch (BadRecordException e) {
            return new Mapped.Reject(e.getMessage());
        }
    }

    private Mapped user(JsonNode record) {
        String legacyId = requiredText(record, "_id");
        String email = requiredText(record, "email").toLowerCase(Locale.ROOT);
        if (email.indexOf('@') < 1 || email.indexOf('@') == email.length() - 1) {
            throw new BadRecordException("email", "is not an email address");
        }
        String hash = requiredText(record, "hashed_password");
        if (hash.length() < 4 || !BCRYPT_PREFIXES.contains(hash.substring(0, 4))) {
            throw new BadRecordException("hashed_password", "is not a bcrypt hash ($2a$, $2b$ or $2y$)");
        }
        String fullName = text(record, "full_name").or(() -> text(record, "username")).orElse(email);
        String userId = LegacyIds.user(tenant, legacyId);
        ImportUser command = new ImportUser(legacyId, email, hash, fullName, bool(record, "is_active").orElse(true),
                bool(record, "is_verified").orElse(false), requiredInstant(record, "created_at"),
                instant(record, "updated_at").orElse(null), instant(record, "last_login").orElse(null));
        return new Mapped.Send("email:" + email, envelope(userId, command));
    }

    private Mapped analysis(JsonNode record) {
        String legacyUserId = requiredText(record, "user_id");
        String gmailMessageId = requiredText(record, "gmail_message_id");
        String userId = LegacyIds.user(tenant, legacyUserId);
        String analysisId = LegacyIds.analysis(tenant, userId, gmailMessageId);
        String status = text(record, "status").orElse("pending").toLowerCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            throw new BadRecordException("status", "is not pending, completed or failed: " + status);
        }
        Instant receivedAt = requiredInstant(record, "received_at");
        ThreatLevel level = text(record, "threat_level").map(value -> threatLevel("threat_level", value))
                .orElse(null);
        double confidence = number(record, "confidence_score").orElse(-1.0);
        if (confidence > 1.0 || (confidence < 0 && confidence != -1.0)) {
            throw new BadRecordException("confidence_score", "is not between 0 and 1");
        }
        ImportAnalysis command = new ImportAnalysis(text(record, "_id").orElse(analysisId), userId, gmailMessageId,
                text(record, "subject").orElse(""), requiredText(record, "sender"),
                text(record, "recipient").orElse(""), receivedAt,
                instant(record, "created_at").orElse(receivedAt), status, level,
                confidence < 0 ? null : confidence, strings(record, "detected_threats"),
                text(record, "analyzer_version").orElse(null), json(record, "analysis_results").orElse(null));
        return new Mapped.Send("analysis:" + analysisId, envelope(analysisId, command));
    }

    private Mapped indicator(JsonNode record) {
        String raw = requiredText(record, "indicator");
        IndicatorType type = indicatorType(requiredText(record, "indicator_type"));
        String normalized = normalize(type, raw);
        String indicatorId = LegacyIds.indicator(tenant, type.name(), normalized);
        double confidence = number(record, "confidence_score").orElse(0.5);
        if (confidence < 0 || confidence > 1) {
            throw new BadRecordException("confidence_score", "is not between 0 and 1");
        }
        ImportIndicator command = new ImportIndicator(text(record, "_id").orElse(indicatorId), normalized, type,
                text(record, "threat_type").orElse("unknown"),
                threatLevel("threat_level", requiredText(record, "threat_level")), confidence,
                text(record, "source").orElse("legacy"), strings(record, "tags"),
                text(record, "description").orElse(null), json(record, "metadata").orElse(null),
                requiredInstant(record, "created_at"), instant(record, "updated_at").orElse(null));
        return new Mapped.Send("intel:" + indicatorId, envelope(indicatorId, command));
    }

    private Mapped auditEntry(JsonNode record) {
        // An entry without an _id is named by its content: the same line gives the same id on every run.
        String legacyId = text(record, "_id").orElseGet(() -> sha256(record.toString()));
        String entryId = LegacyIds.auditEntry(tenant, legacyId);
        ImportAuditEntry command = new ImportAuditEntry(legacyId, requiredText(record, "event_type"),
                requiredText(record, "action"),
                text(record, "user_id").map(user -> LegacyIds.user(tenant, user)).orElse(null),
                text(record, "description").orElse(null), text(record, "ip_address").orElse(null),
                text(record, "user_agent").orElse(null), json(record, "metadata").orElse(null),
                requiredInstant(record, "timestamp"));
        return new Mapped.Send("legacy-audit:" + entryId, envelope(entryId, command));
    }

    private CommandEnvelope envelope(String aggregateId, Object payload) {
        return CommandEnvelope.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setCorrelationId(UUID.randomUUID().toString())
                .setTenantId(tenant)
                .setAggregateId(aggregateId)
                .setIssuedAt(clock.instant())
                .setActor(IMPORTER)
                .setPayload(payload)
                .build();
    }

    private static ThreatLevel threatLevel(String field, String value) {
        try {
            return ThreatLevel.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRecordException(field, "is not safe, low, medium, high or critical: " + value);
        }
    }

    private static IndicatorType indicatorType(String value) {
        String type = value.strip().toUpperCase(Locale.ROOT);
        if (type.equals("HASH") || type.equals("FILE_HASH")) {
            type = "SHA256";
        }
        try {
            return IndicatorType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new BadRecordException("indicator_type", "is not domain, url, ip, email or sha256: " + value);
        }
    }

    /**
     * The simple cases of command-api's {@code IndicatorNormalizer} (lower case, no trailing dot); a URL is kept as
     * exported but for its scheme and host case. The processor normalizes again and refuses a mismatch.
     */
    static String normalize(IndicatorType type, String raw) {
        String value = raw.strip();
        switch (type) {
            case DOMAIN:
            case EMAIL:
            case SHA256:
            case IP:
                value = value.toLowerCase(Locale.ROOT);
                return value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
            default:
                int hostEnd = value.indexOf('/', value.indexOf("://") + 3);
                return hostEnd < 0 ? value.toLowerCase(Locale.ROOT)
                        : value.substring(0, hostEnd).toLowerCase(Locale.ROOT) + value.substring(hostEnd);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
