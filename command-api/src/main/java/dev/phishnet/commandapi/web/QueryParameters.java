package dev.phishnet.commandapi.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Reads the query parameters of listings, each problem recorded in {@link Violations} under the parameter's name, so
 * that one 400 names every bad parameter at once. An absent or blank parameter is null (or its default).
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** An ISO-8601 instant such as {@code 2026-01-31T12:00:00Z}. */
    public static Instant instant(String value, String name, Violations violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException notAnInstant) {
            violations.check(false, name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            return null;
        }
    }

    /** A page size from 1 to {@code max}; {@code defaultLimit} when absent. */
    public static int limit(String value, String name, int defaultLimit, int max, Violations violations) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // Answered below.
        }
        violations.check(false, name, "must be a whole number between 1 and " + max);
        return defaultLimit;
    }

    /** One of {@code allowed} (lower case), accepted in any case; returned in lower case. */
    public static String oneOf(String value, String name, List<String> allowed, Violations violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        violations.check(allowed.contains(lower), name, "must be one of " + String.join(", ", allowed));
        return allowed.contains(lower) ? lower : null;
    }

    /** Optional text of at most {@code max} characters, stripped. */
    public static String text(String value, String name, int max, Violations violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        violations.maxLength(value, max, name);
        return value.strip();
    }
}
