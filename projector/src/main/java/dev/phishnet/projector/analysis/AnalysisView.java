package dev.phishnet.projector.analysis;

import java.time.Instant;

import dev.phishnet.schemas.analysis.AnalysisCompleted;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisFailed;
import dev.phishnet.schemas.analysis.AnalysisImported;
import dev.phishnet.schemas.analysis.AnalysisPurged;
import dev.phishnet.schemas.analysis.AnalysisRequested;
import dev.phishnet.schemas.analysis.IndicatorsMatched;
import dev.phishnet.schemas.envelope.EventEnvelope;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code email_analyses} read model shows of one analysis, as of {@link #version}.
 *
 * @param id the analysis id
 * @param tenantId the tenant that owns it
 * @param userId the user whose email it is
 * @param email the email as submitted
 * @param requestedAt when the analysis was requested
 * @param matching what the indicator lookup found; null until it is recorded
 * @param result the analyzer's result; null unless completed
 * @param failure why the analyzer failed; null unless failed
 * @param version the aggregate version of the last event applied
 */
public record AnalysisView(
        String id,
        String tenantId,
        String userId,
        AnalysedEmail email,
        Instant requestedAt,
        @Nullable Matching matching,
        @Nullable AnalysisResult result,
        @Nullable AnalysisFailure failure,
        long version) {

    public AnalysisStatus status() {
        if (result != null) {
            return AnalysisStatus.COMPLETED;
        }
        return failure != null ? AnalysisStatus.FAILED : AnalysisStatus.PENDING;
    }

    /** Whether the event ends the analysis' life: its document and view are deleted, whatever they hold. */
    public static boolean purges(AnalysisEvent event) {
        return event.getPayload() instanceof AnalysisPurged;
    }

    /** The view an {@code AnalysisRequested} event starts. */
    public static AnalysisView requested(EventEnvelope envelope, AnalysisRequested requested) {
        return new AnalysisView(envelope.getAggregateId(), envelope.getTenantId(), requested.getUserId(),
                AnalysedEmail.of(requested), envelope.getOccurredAt(), null, null, null,
                envelope.getAggregateVersion());
    }

    /**
     * The view an {@code AnalysisImported} event starts: requested when the legacy store created it, with the legacy
     * result (completed with a threat level) or failure, and no matching (legacy analyses were not looked up).
     */
    public static AnalysisView imported(EventEnvelope envelope, AnalysisImported imported) {
        AnalysedEmail email = new AnalysedEmail(imported.getGmailMessageId(), imported.getSubject(),
                imported.getSender(), imported.getRecipient(), imported.getReceivedAt(), java.util.List.of());
        AnalysisResult result = "completed".equals(imported.getStatus()) && imported.getThreatLevel() != null
                ? new AnalysisResult(Wire.of(imported.getThreatLevel()),
                        imported.getConfidenceScore() == null ? 0.0 : imported.getConfidenceScore(),
                        imported.getDetectedThreats(),
                        imported.getAnalyzerVersion() == null ? "legacy" : imported.getAnalyzerVersion(),
                        imported.getCreatedAt())
                : null;
        AnalysisFailure failure = "failed".equals(imported.getStatus())
                ? new AnalysisFailure("failed in the legacy store", imported.getAnalyzerVersion(),
                        imported.getCreatedAt())
                : null;
        return new AnalysisView(envelope.getAggregateId(), envelope.getTenantId(), imported.getUserId(), email,
                imported.getCreatedAt(), null, result, failure, envelope.getAggregateVersion());
    }

    /**
     * The view after {@code event}, or the view that exists when there is none to start from. A view moves only
     * forward: an event at or below its version was applied already (a redelivery, a replay) and changes nothing.
     *
     * @param current the view so far, null when the analysis has none yet
     * @return the view after the event; null when there is still none (an event other than the request, with nothing
     *     before it, cannot build a whole view)
     */
    public static @Nullable AnalysisView project(@Nullable AnalysisView current, AnalysisEvent event) {
        if (current == null) {
            if (event.getPayload() instanceof AnalysisImported imported) {
                return imported(event.getEnvelope(), imported);
            }
            return event.getPayload() instanceof AnalysisRequested requested
                    ? requested(event.getEnvelope(), requested) : null;
        }
        return current.apply(event);
    }

    /** This view after {@code event}; itself when the event is not newer than it. */
    public AnalysisView apply(AnalysisEvent event) {
        EventEnvelope envelope = event.getEnvelope();
        if (envelope.getAggregateVersion() <= version) {
            return this;
        }
        return next(event.getPayload(), envelope.getOccurredAt()).at(envelope.getAggregateVersion());
    }

    /** Java 17 has no pattern switch; the payload is an Avro union, so one type test per fact. */
    private AnalysisView next(Object payload, Instant at) {
        if (payload instanceof IndicatorsMatched matched) {
            return new AnalysisView(id, tenantId, userId, email, requestedAt, Matching.of(matched, at), result,
                    failure, version);
        }
        // A result or a failure is final: whichever came first stays (the processor rejects a second one anyway).
        if (payload instanceof AnalysisCompleted completed && status() == AnalysisStatus.PENDING) {
            return new AnalysisView(id, tenantId, userId, email, requestedAt, matching,
                    AnalysisResult.of(completed, at), null, version);
        }
        if (payload instanceof AnalysisFailed failed && status() == AnalysisStatus.PENDING) {
            return new AnalysisView(id, tenantId, userId, email, requestedAt, matching, null,
                    new AnalysisFailure(failed.getReason(), failed.getAnalyzerVersion(), at), version);
        }
        // A second request of one id, or a fact this projector does not know yet: only the version moves.
        return this;
    }

    private AnalysisView at(long newVersion) {
        return new AnalysisView(id, tenantId, userId, email, requestedAt, matching, result, failure, newVersion);
    }
}
