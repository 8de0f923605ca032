package dev.phishnet.importer;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** Counts of outcomes, per collection and overall, and how often each reason came up. */
final class Tally {

    private final Map<Export, Map<Outcome.Kind, Long>> counts = new EnumMap<>(Export.class);
    private final Map<String, Long> reasons = new TreeMap<>();

    synchronized void add(Export export, Outcome outcome) {
        counts.computeIfAbsent(export, e -> new EnumMap<>(Outcome.Kind.class)).merge(outcome.kind(), 1L, Long::sum);
        if (outcome.kind() == Outcome.Kind.REJECTED || outcome.kind() == Outcome.Kind.SKIPPED) {
            reasons.merge(outcome.kind().name().toLowerCase() + ": " + outcome.reason(), 1L, Long::sum);
        }
    }

    synchronized long total(Outcome.Kind kind) {
        return counts.values().stream().mapToLong(byKind -> byKind.getOrDefault(kind, 0L)).sum();
    }

    synchronized long count(Export export, Outcome.Kind kind) {
        return counts.getOrDefault(export, Map.of()).getOrDefault(kind, 0L);
    }

    /** The summary printed at the end. */
    synchronized String summary() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-28s %9s %9s %9s %9s%n", "collection", "imported", "duplicate", "skipped",
                "rejected"));
        for (Export export : counts.keySet()) {
            out.append(String.format("%-28s %9d %9d %9d %9d%n", export.fileName(),
                    count(export, Outcome.Kind.IMPORTED), count(export, Outcome.Kind.DUPLICATE),
                    count(export, Outcome.Kind.SKIPPED), count(export, Outcome.Kind.REJECTED)));
        }
        out.append(String.format("%-28s %9d %9d %9d %9d%n", "total", total(Outcome.Kind.IMPORTED),
                total(Outcome.Kind.DUPLICATE), total(Outcome.Kind.SKIPPED), total(Outcome.Kind.REJECTED)));
        if (!reasons.isEmpty()) {
            out.append("reasons:").append(System.lineSeparator());
            reasons.forEach((reason, count) -> out.append(String.format("  %6d  %s%n", count, reason)));
        }
        return out.toString();
    }
}
