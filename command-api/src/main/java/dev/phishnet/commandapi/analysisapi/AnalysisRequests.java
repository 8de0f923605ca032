package dev.phishnet.commandapi.analysisapi;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.phishnet.commandapi.threatintel.IndicatorNormalizer;
import dev.phishnet.commandapi.threatintel.InvalidIndicatorException;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.web.Violations;
import dev.phishnet.schemas.analysis.ThreatLevel;
import io.swagger.v3.oas.annotations.media.Schema;

/** Bodies of the analyses API's commands, checked at the edge so that nothing invalid is published. */
final class AnalysisRequests {

    static final int MAX_MESSAGE_ID = 256;
    /** RFC 5322's line limit: a subject longer than this was not in a header. */
    static final int MAX_SUBJECT = 998;
    static final int MAX_EMAIL = 254;
    static final int MAX_URLS = 500;
    static final int MAX_URL_BYTES = 8 * 1024;
    static final int MAX_THREATS = 100;
    static final int MAX_THREAT = 200;
    static final int MAX_ANALYZER_VERSION = 100;
    static final int MAX_REASON = 1000;
    static final List<String> LEVELS = List.of("safe", "low", "medium", "high", "critical");

    private AnalysisRequests() {
    }

    /**
     * @param userId whose email it is; absent means the caller
     * @param urls the URLs found in the email, as found; absent means none
     */
    record RequestAnalysis(@Schema(requiredMode = REQUIRED) String gmailMessageId, String subject,
            @Schema(requiredMode = REQUIRED) String sender, @Schema(requiredMode = REQUIRED) String recipient,
            @Schema(requiredMode = REQUIRED) Instant receivedAt, List<String> urls, String userId) {

        void validate() {
            Violations violations = new Violations()
                    .required(gmailMessageId, MAX_MESSAGE_ID, "gmailMessageId")
                    .maxLength(subject, MAX_SUBJECT, "subject");
            email(violations, sender, "sender");
            email(violations, recipient, "recipient");
            violations.check(receivedAt != null, "receivedAt", "is required")
                    .check(urls == null || urls.size() <= MAX_URLS, "urls", "at most " + MAX_URLS + " URLs")
                    .check(userId == null || isUserId(userId), "userId", "is not a user id");
            if (urls != null) {
                for (int i = 0; i < urls.size() && i < MAX_URLS; i++) {
                    url(violations, urls.get(i), "urls[" + i + "]");
                }
            }
            violations.orThrow();
        }

        List<String> urlsOrNone() {
            return urls == null ? List.of() : urls;
        }
    }

    record CompleteAnalysis(@Schema(requiredMode = REQUIRED) String threatLevel,
            @Schema(requiredMode = REQUIRED) Double confidenceScore, List<String> detectedThreats,
            @Schema(requiredMode = REQUIRED) String analyzerVersion) {

        void validate() {
            Violations violations = new Violations();
            level(violations, threatLevel, "threatLevel");
            confidence(violations, confidenceScore, "confidenceScore");
            violations.required(analyzerVersion, MAX_ANALYZER_VERSION, "analyzerVersion")
                    .check(detectedThreats == null || detectedThreats.size() <= MAX_THREATS, "detectedThreats",
                            "at most " + MAX_THREATS + " threats");
            if (detectedThreats != null) {
                for (int i = 0; i < detectedThreats.size() && i < MAX_THREATS; i++) {
                    violations.required(detectedThreats.get(i), MAX_THREAT, "detectedThreats[" + i + "]");
                }
            }
            violations.orThrow();
        }

        List<String> threats() {
            return detectedThreats == null ? List.of() : detectedThreats.stream().map(String::strip).toList();
        }
    }

    record FailAnalysis(@Schema(requiredMode = REQUIRED) String reason, String analyzerVersion) {

        void validate() {
            new Violations()
                    .required(reason, MAX_REASON, "reason")
                    .maxLength(analyzerVersion, MAX_ANALYZER_VERSION, "analyzerVersion")
                    .orThrow();
        }
    }

    static ThreatLevel level(String name) {
        return ThreatLevel.valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static void level(Violations violations, String level, String field) {
        violations.check(level != null && LEVELS.contains(level.strip().toLowerCase(Locale.ROOT)), field,
                "must be one of " + LEVELS);
    }

    static void confidence(Violations violations, Double confidence, String field) {
        violations.check(confidence != null && confidence >= 0.0 && confidence <= 1.0, field,
                "must be a number between 0 and 1");
    }

    private static void email(Violations violations, String value, String field) {
        if (value == null || value.isBlank()) {
            violations.check(false, field, "is required");
            return;
        }
        if (value.strip().length() > MAX_EMAIL) {
            violations.check(false, field, "must be at most " + MAX_EMAIL + " characters");
            return;
        }
        try {
            IndicatorNormalizer.email(value);
        } catch (InvalidIndicatorException invalid) {
            violations.check(false, field, invalid.reason());
        }
    }

    private static void url(Violations violations, String value, String field) {
        if (value == null || value.isBlank()) {
            violations.check(false, field, "is required");
            return;
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_URL_BYTES) {
            violations.check(false, field, "must be at most " + MAX_URL_BYTES + " bytes");
            return;
        }
        try {
            IndicatorNormalizer.url(value);
        } catch (InvalidIndicatorException invalid) {
            violations.check(false, field, invalid.reason());
        }
    }

    private static boolean isUserId(String value) {
        try {
            UserId.of(value);
            return true;
        } catch (IllegalArgumentException notAnId) {
            return false;
        }
    }
}
