package dev.phishnet.commandapi.threatintelapi;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import dev.phishnet.commandapi.threatintel.IndicatorNormalizer;
import dev.phishnet.commandapi.threatintel.IndicatorType;
import dev.phishnet.commandapi.threatintel.InvalidIndicatorException;
import dev.phishnet.commandapi.web.Violations;
import io.swagger.v3.oas.annotations.media.Schema;

/** Bodies of the threat-intelligence API's commands, checked at the edge so that nothing invalid is published. */
final class ThreatIntelRequests {

    static final int MAX_INDICATOR_BYTES = 8 * 1024;
    static final int MAX_THREAT_TYPE = 100;
    static final int MAX_SOURCE = 200;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG = 100;
    static final int MAX_DESCRIPTION = 2000;
    static final List<String> TYPES = List.of("domain", "url", "ip", "email", "sha256");
    static final List<String> LEVELS = List.of("safe", "low", "medium", "high", "critical");

    private ThreatIntelRequests() {
    }

    /** The report as published: the indicator normalized, text trimmed, tags deduplicated in order. */
    record Normalized(String indicator, IndicatorType type, String threatType, String threatLevel,
            double confidenceScore, String source, List<String> tags, String description) {
    }

    record ReportIndicator(@Schema(requiredMode = REQUIRED) String indicator,
            @Schema(requiredMode = REQUIRED) String indicatorType, @Schema(requiredMode = REQUIRED) String threatType,
            @Schema(requiredMode = REQUIRED) String threatLevel,
            @Schema(requiredMode = REQUIRED) Double confidenceScore, @Schema(requiredMode = REQUIRED) String source,
            List<String> tags, String description) {

        /** Checks every field and answers the report normalized; a 400 naming each bad field otherwise. */
        Normalized validate() {
            Violations violations = new Violations()
                    .check(indicatorType != null && TYPES.contains(lower(indicatorType)), "indicatorType",
                            "must be one of " + TYPES)
                    .required(threatType, MAX_THREAT_TYPE, "threatType")
                    .check(threatLevel != null && LEVELS.contains(lower(threatLevel)), "threatLevel",
                            "must be one of " + LEVELS)
                    .check(confidenceScore != null && confidenceScore >= 0.0 && confidenceScore <= 1.0,
                            "confidenceScore", "must be a number between 0 and 1")
                    .required(source, MAX_SOURCE, "source")
                    .maxLength(description, MAX_DESCRIPTION, "description")
                    .check(tags == null || tags.size() <= MAX_TAGS, "tags", "at most " + MAX_TAGS + " tags");
            if (tags != null) {
                for (int i = 0; i < tags.size() && i < MAX_TAGS; i++) {
                    violations.required(tags.get(i), MAX_TAG, "tags[" + i + "]");
                }
            }
            String normalized = null;
            if (indicator == null || indicator.isBlank()) {
                violations.check(false, "indicator", "is required");
            } else if (indicator.getBytes(StandardCharsets.UTF_8).length > MAX_INDICATOR_BYTES) {
                violations.check(false, "indicator", "must be at most " + MAX_INDICATOR_BYTES + " bytes");
            } else if (indicatorType != null && TYPES.contains(lower(indicatorType))) {
                try {
                    normalized = IndicatorNormalizer.normalize(type(indicatorType), indicator);
                } catch (InvalidIndicatorException invalid) {
                    violations.check(false, invalid.field(), invalid.reason());
                }
            }
            violations.orThrow();
            return new Normalized(normalized, type(indicatorType), threatType.strip(), lower(threatLevel),
                    confidenceScore, source.strip(),
                    tags == null ? List.of() : tags.stream().map(String::strip).distinct().toList(),
                    description == null || description.isBlank() ? null : description.strip());
        }
    }

    static IndicatorType type(String name) {
        return IndicatorType.valueOf(name.strip().toUpperCase(Locale.ROOT));
    }

    private static String lower(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }
}
