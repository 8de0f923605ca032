package dev.phishnet.commandapi.analysis;

import static dev.phishnet.commandapi.user.Decision.accept;
import static dev.phishnet.commandapi.user.Decision.reject;
import static dev.phishnet.commandapi.user.Rejection.Code.ALREADY_FINAL;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;
import static dev.phishnet.commandapi.user.Rejection.Code.NOT_FOUND;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.analysis.AnalysisCommand.CompleteAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand.FailAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand.ImportAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand.PurgeAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisCommand.RecordIndicatorLookup;
import dev.phishnet.commandapi.analysis.AnalysisCommand.RequestAnalysis;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisCompleted;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisFailed;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisImported;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisPurged;
import dev.phishnet.commandapi.analysis.AnalysisEvent.AnalysisRequested;
import dev.phishnet.commandapi.analysis.AnalysisEvent.IndicatorsMatched;
import dev.phishnet.commandapi.analysis.AnalysisEvent.LookupRecorded;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;

/**
 * Decides analysis commands against the analysis's state (empty when never requested, or purged).
 *
 * <ul>
 * <li>Request: a new analysis is requested and looked up by its sender and URLs ({@link MatchCandidates}); a repeat
 * for the same message and user is accepted with no event (the caller gets the existing analysis).</li>
 * <li>Record a lookup: its matches are kept; the last answer records {@link IndicatorsMatched} with the verdict
 * {@link Verdict#indicatorsV1}. A repeated answer changes nothing. So matching sees exactly the indicators reported
 * before the analysis was requested, in the order of the commands log, and a later report never rewrites it.</li>
 * <li>Complete or fail: once; a second time is ALREADY_FINAL. Either may come before the lookups are all answered.</li>
 * <li>Purge: when requested before the cutoff; the analysis is then forgotten. An unknown one is already
 * forgotten.</li>
 * </ul>
 *
 * Another tenant's analysis does not exist for a caller (NOT_FOUND).
 */
public final class AnalysisDecider {

    static final Rejection NOT_FOUND_REJECTION = Rejection.of(NOT_FOUND, "analysis not found");
    static final Rejection FINAL = Rejection.of(ALREADY_FINAL, "the analysis already has its result or failure");
    static final Rejection WRONG_ID = Rejection.of(INVALID, "the analysis id is not that of the user and message",
            "gmailMessageId");
    /** An import of an analysis that exists: the importer counts it as a duplicate (a re-run). */
    public static final Rejection ALREADY_EXISTS = Rejection.of(CONFLICT, "analysis already exists");
    static final Rejection NOT_DUE = Rejection.of(CONFLICT, "the analysis was requested after the cutoff");

    private AnalysisDecider() {}

    /** @param now the decision time: a new analysis's {@code requestedAt} */
    public static Decision<AnalysisEvent> decide(Optional<Analysis> state, AnalysisCommand command, Instant now) {
        Optional<Analysis> visible = state.filter(analysis -> analysis.belongsTo(command.tenantId()));
        if (command instanceof RequestAnalysis request) {
            return request(state, visible, request, now);
        }
        if (command instanceof ImportAnalysis importAnalysis) {
            return importAnalysis(state, importAnalysis);
        }
        if (visible.isEmpty()) {
            return command instanceof PurgeAnalysis ? accept() : reject(NOT_FOUND_REJECTION);
        }
        Analysis analysis = visible.get();
        if (command instanceof CompleteAnalysis complete) {
            return analysis.isFinal() ? reject(FINAL) : accept(new AnalysisCompleted(complete.threatLevel(),
                    complete.confidenceScore(), complete.detectedThreats(), complete.analyzerVersion()));
        }
        if (command instanceof FailAnalysis fail) {
            return analysis.isFinal() ? reject(FINAL) : accept(new AnalysisFailed(fail.reason(),
                    fail.analyzerVersion()));
        }
        if (command instanceof RecordIndicatorLookup answer) {
            return record(analysis, answer);
        }
        if (command instanceof PurgeAnalysis purge) {
            return analysis.requestedAt().isBefore(purge.cutoff())
                    ? accept(new AnalysisPurged(analysis.requestedAt(), purge.cutoff(), purge.runId()))
                    : reject(NOT_DUE);
        }
        throw new IllegalArgumentException("no rule for " + command.getClass().getName());
    }

    public static Optional<Analysis> evolve(Optional<Analysis> state, AnalysisEvent event) {
        if (event instanceof AnalysisRequested requested) {
            return Optional.of(new Analysis(requested.analysisId(), requested.tenantId(), requested.userId(),
                    requested.gmailMessageId(), requested.requestedAt(), AnalysisStatus.PENDING,
                    requested.lookups().stream().map(Lookup::indicatorId).toList(), requested.lookups().size(),
                    List.of(), false, 1));
        }
        if (event instanceof AnalysisImported imported) {
            // Imported as concluded by the legacy store: nothing to look up, matching counts as recorded.
            return Optional.of(new Analysis(imported.analysisId(), imported.tenantId(), imported.userId(),
                    imported.gmailMessageId(), imported.createdAt(), imported.status(), List.of(), 0, List.of(),
                    true, 1));
        }
        Analysis analysis = state.orElseThrow(() -> new IllegalStateException("no analysis to apply " + event));
        if (event instanceof LookupRecorded recorded) {
            return Optional.of(analysis.answered(recorded.indicatorId(), recorded.matches()));
        }
        if (event instanceof IndicatorsMatched) {
            return Optional.of(analysis.withMatchesRecorded());
        }
        if (event instanceof AnalysisCompleted) {
            return Optional.of(analysis.concluded(AnalysisStatus.COMPLETED));
        }
        if (event instanceof AnalysisFailed) {
            return Optional.of(analysis.concluded(AnalysisStatus.FAILED));
        }
        if (event instanceof AnalysisPurged) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("no transition for " + event.getClass().getName());
    }

    public static Optional<Analysis> evolve(Optional<Analysis> state, List<AnalysisEvent> events) {
        Optional<Analysis> next = state;
        for (AnalysisEvent event : events) {
            next = evolve(next, event);
        }
        return next;
    }

    private static Decision<AnalysisEvent> request(Optional<Analysis> state, Optional<Analysis> visible,
            RequestAnalysis request, Instant now) {
        if (!AnalysisId.of(request.tenantId(), request.userId(), request.gmailMessageId())
                .equals(request.analysisId()) || (state.isPresent() && visible.isEmpty())) {
            return reject(WRONG_ID);
        }
        if (visible.isPresent()) {
            return accept();
        }
        List<Lookup> lookups = MatchCandidates.of(request.tenantId(), request.sender(), request.urls());
        List<AnalysisEvent> events = new ArrayList<>();
        events.add(new AnalysisRequested(request.analysisId(), request.tenantId(), request.userId(),
                request.gmailMessageId(), request.subject(), request.sender(), request.recipient(),
                request.receivedAt(), request.urls(), lookups, now));
        if (lookups.isEmpty()) {
            events.add(matched(List.of(), 0));
        }
        return accept(events);
    }

    private static Decision<AnalysisEvent> importAnalysis(Optional<Analysis> state, ImportAnalysis command) {
        if (!AnalysisId.of(command.tenantId(), command.userId(), command.gmailMessageId())
                .equals(command.analysisId())) {
            return reject(WRONG_ID);
        }
        if (state.isPresent()) {
            return reject(ALREADY_EXISTS);
        }
        return accept(new AnalysisImported(command.analysisId(), command.tenantId(), command.userId(),
                command.gmailMessageId(), command.createdAt(), command.status(), command.legacy()));
    }

    private static Decision<AnalysisEvent> record(Analysis analysis, RecordIndicatorLookup answer) {
        if (!analysis.pending().contains(answer.indicatorId())) {
            return accept(); // answered already (or never asked): nothing new
        }
        LookupRecorded recorded = new LookupRecorded(answer.indicatorId(), answer.matches());
        Analysis next = analysis.answered(answer.indicatorId(), answer.matches());
        if (!next.pending().isEmpty()) {
            return accept(recorded);
        }
        return accept(recorded, matched(next.matches(), next.lookups()));
    }

    private static IndicatorsMatched matched(List<IndicatorMatch> matches, int lookups) {
        List<IndicatorMatch> ordered = matches.stream().sorted(IndicatorMatch.ORDER).toList();
        return new IndicatorsMatched(ordered, lookups, Verdict.indicatorsV1(ordered));
    }
}
