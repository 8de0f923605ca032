package dev.phishnet.commandapi.threatintel;

import static dev.phishnet.commandapi.user.Decision.accept;
import static dev.phishnet.commandapi.user.Decision.reject;
import static dev.phishnet.commandapi.user.Rejection.Code.ALREADY_RETIRED;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;
import static dev.phishnet.commandapi.user.Rejection.Code.NOT_FOUND;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.analysis.IndicatorMatch;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.LookUpIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.PurgeIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.ReportIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorCommand.RetireIndicator;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.IndicatorPurged;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.IndicatorReported;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.IndicatorRetired;
import dev.phishnet.commandapi.threatintel.IndicatorEvent.LookUpAnswered;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;

/**
 * Decides indicator commands against the indicator's state (empty when it was never reported, or purged).
 *
 * <ul>
 * <li>Report: the first report creates it; a later one merges (latest report's threat type, level, confidence and
 * description, the description kept when the new report has none; sources and tags united; {@code lastSeenAt} the
 * decision time; one more report) and makes a retired indicator active again.</li>
 * <li>Retire: an unknown indicator is NOT_FOUND, a retired one ALREADY_RETIRED.</li>
 * <li>Look up: one match per candidate when the indicator is there and active, none otherwise; never refused.</li>
 * <li>Purge: only if the indicator was last seen exactly when the worker saw it, and before the cutoff: a report since
 * wins. An unknown indicator is already forgotten (accepted, nothing happens).</li>
 * </ul>
 *
 * Another tenant's indicator does not exist for a caller; ids are derived from the tenant, so that takes a forged id.
 */
public final class IndicatorDecider {

    static final Rejection NOT_FOUND_REJECTION = Rejection.of(NOT_FOUND, "indicator not found");
    static final Rejection RETIRED = Rejection.of(ALREADY_RETIRED, "the indicator is already retired");
    static final Rejection NOT_NORMALIZED = Rejection.of(INVALID, "the indicator is not normalized", "indicator");
    static final Rejection WRONG_ID = Rejection.of(INVALID, "the indicator id is not that of the indicator",
            "indicator");
    /** An import of an indicator that exists: the importer counts it as a duplicate (a re-run). */
    public static final Rejection ALREADY_EXISTS = Rejection.of(CONFLICT, "indicator already exists");
    static final Rejection SEEN_SINCE = Rejection.of(CONFLICT, "the indicator was reported since, or is not due");

    private IndicatorDecider() {}

    /** @param now the decision time, which a report records as the indicator's {@code lastSeenAt} */
    public static Decision<IndicatorEvent> decide(Optional<Indicator> state, IndicatorCommand command, Instant now) {
        Optional<Indicator> visible = state.filter(indicator -> indicator.belongsTo(command.tenantId()));
        if (command instanceof ReportIndicator report) {
            return report(state, visible, report, now);
        }
        if (command instanceof IndicatorCommand.ImportIndicator importIndicator) {
            return importIndicator(state, visible, importIndicator);
        }
        if (command instanceof RetireIndicator retire) {
            if (visible.isEmpty()) {
                return reject(NOT_FOUND_REJECTION);
            }
            if (!visible.get().active()) {
                return reject(RETIRED);
            }
            return accept(new IndicatorRetired(visible.get().retired(), retire.reason()));
        }
        if (command instanceof LookUpIndicator lookUp) {
            return accept(new LookUpAnswered(lookUp.analysisId(), lookUp.indicatorId(),
                    visible.filter(Indicator::active).map(indicator -> matches(indicator, lookUp)).orElse(List.of())));
        }
        if (command instanceof PurgeIndicator purge) {
            if (visible.isEmpty()) {
                return accept();
            }
            Indicator indicator = visible.get();
            if (!indicator.lastSeenAt().equals(purge.lastSeenAt())
                    || !indicator.lastSeenAt().isBefore(purge.cutoff())) {
                return reject(SEEN_SINCE);
            }
            return accept(new IndicatorPurged(indicator.id(), indicator.indicator(), indicator.type(),
                    indicator.lastSeenAt(), purge.cutoff(), purge.runId()));
        }
        throw new IllegalArgumentException("no rule for " + command.getClass().getName());
    }

    public static Optional<Indicator> evolve(Optional<Indicator> state, IndicatorEvent event) {
        if (event instanceof IndicatorReported reported) {
            return Optional.of(reported.indicator());
        }
        if (event instanceof IndicatorRetired retired) {
            return Optional.of(retired.indicator());
        }
        if (event instanceof IndicatorPurged) {
            return Optional.empty();
        }
        if (event instanceof LookUpAnswered) {
            return state;
        }
        throw new IllegalArgumentException("no transition for " + event.getClass().getName());
    }

    private static Decision<IndicatorEvent> importIndicator(Optional<Indicator> state, Optional<Indicator> visible,
            IndicatorCommand.ImportIndicator command) {
        Optional<Rejection> invalid = invalid(state, visible, command.report());
        if (invalid.isPresent()) {
            return reject(invalid.get());
        }
        if (state.isPresent()) {
            return reject(ALREADY_EXISTS);
        }
        Instant lastSeen = command.updatedAt() != null && command.updatedAt().isAfter(command.createdAt())
                ? command.updatedAt() : command.createdAt();
        return accept(new IndicatorReported(Indicator.imported(command.report(), command.createdAt(), lastSeen),
                command.report().source(), true));
    }

    private static Decision<IndicatorEvent> report(Optional<Indicator> state, Optional<Indicator> visible,
            ReportIndicator report, Instant now) {
        Optional<Rejection> invalid = invalid(state, visible, report);
        if (invalid.isPresent()) {
            return reject(invalid.get());
        }
        return accept(visible.map(indicator -> new IndicatorReported(indicator.merged(report, now), report.source(),
                false)).orElseGet(() -> new IndicatorReported(Indicator.first(report, now), report.source(), true)));
    }

    private static Optional<Rejection> invalid(Optional<Indicator> state, Optional<Indicator> visible,
            ReportIndicator report) {
        String normalized;
        try {
            normalized = IndicatorNormalizer.normalize(report.type(), report.indicator());
        } catch (InvalidIndicatorException invalid) {
            return Optional.of(Rejection.of(INVALID, invalid.getMessage(), "indicator"));
        }
        if (!normalized.equals(report.indicator())) {
            return Optional.of(NOT_NORMALIZED);
        }
        if (!IndicatorId.of(report.tenantId(), report.type(), normalized).equals(report.indicatorId())
                || (state.isPresent() && visible.isEmpty())) {
            return Optional.of(WRONG_ID);
        }
        return Optional.empty();
    }

    private static List<IndicatorMatch> matches(Indicator indicator, LookUpIndicator lookUp) {
        return lookUp.candidates().stream()
                .map(candidate -> new IndicatorMatch(candidate.field(), candidate.value(), indicator.id(),
                        indicator.indicator(), indicator.type(), indicator.threatType(), indicator.threatLevel(),
                        indicator.confidenceScore()))
                .toList();
    }
}
