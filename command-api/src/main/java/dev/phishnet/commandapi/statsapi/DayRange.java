package dev.phishnet.commandapi.statsapi;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import dev.phishnet.commandapi.web.Violations;

/**
 * The UTC days a count query covers, both ends included: {@code from} and {@code to} as ISO dates
 * ({@code 2026-03-01}), by default the 30 days up to today; at most {@value #MAX_DAYS} days.
 *
 * @param from the first day
 * @param to the last day
 */
record DayRange(LocalDate from, LocalDate to) {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;

    /** The range the parameters name, or a 400 naming the parameter at fault. */
    static DayRange parse(String from, String to, LocalDate today) {
        Violations violations = new Violations();
        LocalDate last = day(to, "to", violations);
        LocalDate first = day(from, "from", violations);
        violations.orThrow();
        LocalDate end = last != null ? last : today;
        LocalDate start = first != null ? first : end.minusDays(DEFAULT_DAYS - 1);
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        new Violations()
                .check(days >= 1, "from", "must not be after to (" + end + ")")
                .check(days <= MAX_DAYS, "from", "must be at most " + MAX_DAYS + " days before to, both included")
                .orThrow();
        return new DayRange(start, end);
    }

    private static LocalDate day(String value, String field, Violations violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException notADate) {
            violations.check(false, field, "must be an ISO date such as 2026-03-01");
            return null;
        }
    }
}
