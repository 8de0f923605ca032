package dev.phishnet.localstack.chaos;

import java.util.List;
import java.util.Map;

/** The report every chaos test prints and writes to {@code report.txt}: counts, read models, then problems. */
final class RunReport {

    private final StringBuilder text = new StringBuilder();

    /**
     * @param through what generation 1 went through ("the kills", "the outage"), for the read-model heading
     */
    RunReport(Map<String, Long> counts, String through, List<ReadModels.Compared> compared) {
        int width = counts.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        counts.forEach((what, count) -> text.append(String.format("  %-" + width + "s %8d%n", what, count)));
        text.append("Read models, live (generation 1, through ").append(through)
                .append(") against a fresh rebuild (generation 2):\n").append(ReadModels.summary(compared))
                .append('\n');
    }

    /** A titled list, at most {@code limit} of its items shown. */
    RunReport section(String title, List<?> items, int limit) {
        text.append(title).append(": ").append(items.size()).append('\n');
        items.stream().limit(limit).forEach(item -> text.append("  ").append(item).append('\n'));
        return this;
    }

    /** The verifier's problems, the read models' first differences and the duplicated emails. */
    String withProblems(Verifier verifier, List<ReadModels.Compared> compared, List<String> duplicates) {
        section("Problems", verifier.problems(), 50);
        compared.stream().filter(c -> !c.equal()).forEach(c -> c.differences().stream().limit(5)
                .forEach(difference -> text.append("  ").append(c.collection()).append(": ").append(difference)
                        .append('\n')));
        duplicates.forEach(duplicate -> text.append("  duplicate email: ").append(duplicate).append('\n'));
        return text.toString();
    }
}
