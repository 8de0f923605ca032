package dev.phishnet.cleanup.retention;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisImported;
import dev.phishnet.schemas.analysis.AnalysisPurged;
import dev.phishnet.schemas.analysis.AnalysisRequested;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.SessionsPurged;
import dev.phishnet.schemas.threatintel.IndicatorPurged;
import dev.phishnet.schemas.threatintel.IndicatorReported;
import dev.phishnet.schemas.threatintel.IndicatorRetired;
import dev.phishnet.schemas.threatintel.IndicatorState;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;

/**
 * What retention reads of each event: an analysis ages from its request, an indicator from its lastSeenAt (reported
 * or retired, the event carries the whole indicator), a session from its end (logout, revocation, eviction or
 * expiry: a reused refresh token ends its session by a revocation, so it is no end of its own), an audit entry
 * counts for its tenant's UTC day; a purge forgets. Every other fact ages nothing.
 */
public final class RetentionFacts {

    private RetentionFacts() {
    }

    public static Optional<RetentionFact> of(AnalysisEvent event) {
        EventEnvelope envelope = event.getEnvelope();
        Object payload = event.getPayload();
        if (payload instanceof AnalysisRequested) {
            // The request is decided when it occurs: the processor's requestedAt is this instant.
            return Optional.of(new RetentionFact.Aged(RetentionCategory.ANALYSES, envelope.getAggregateId(),
                    envelope.getTenantId(), null, envelope.getOccurredAt()));
        }
        if (payload instanceof AnalysisImported imported) {
            // An imported analysis ages from its legacy creation: the processor's requestedAt for it.
            return Optional.of(new RetentionFact.Aged(RetentionCategory.ANALYSES, envelope.getAggregateId(),
                    envelope.getTenantId(), null, imported.getCreatedAt()));
        }
        if (payload instanceof AnalysisPurged) {
            return Optional.of(new RetentionFact.Forgotten(RetentionCategory.ANALYSES, envelope.getTenantId(),
                    List.of(envelope.getAggregateId())));
        }
        return Optional.empty();
    }

    public static Optional<RetentionFact> of(ThreatIntelEvent event) {
        EventEnvelope envelope = event.getEnvelope();
        Object payload = event.getPayload();
        IndicatorState state = null;
        if (payload instanceof IndicatorReported reported) {
            state = reported.getState();
        } else if (payload instanceof IndicatorRetired retired) {
            state = retired.getState();
        }
        if (state != null) {
            return Optional.of(new RetentionFact.Aged(RetentionCategory.THREAT_INTELLIGENCE,
                    envelope.getAggregateId(), envelope.getTenantId(), null, state.getLastSeenAt()));
        }
        if (payload instanceof IndicatorPurged) {
            return Optional.of(new RetentionFact.Forgotten(RetentionCategory.THREAT_INTELLIGENCE,
                    envelope.getTenantId(), List.of(envelope.getAggregateId())));
        }
        return Optional.empty();
    }

    public static Optional<RetentionFact> of(SessionEvent event) {
        EventEnvelope envelope = event.getEnvelope();
        Object payload = event.getPayload();
        String ended = endedSessionId(payload);
        if (ended != null) {
            return Optional.of(new RetentionFact.Aged(RetentionCategory.SESSIONS, ended, envelope.getTenantId(),
                    envelope.getAggregateId(), envelope.getOccurredAt()));
        }
        if (payload instanceof SessionsPurged purged) {
            return Optional.of(new RetentionFact.Forgotten(RetentionCategory.SESSIONS, envelope.getTenantId(),
                    purged.getSessionIds()));
        }
        return Optional.empty();
    }

    public static RetentionFact of(AuditEvent event) {
        EventEnvelope envelope = event.getEnvelope();
        return new RetentionFact.AuditRecorded(envelope.getTenantId(),
                envelope.getOccurredAt().atZone(ZoneOffset.UTC).toLocalDate());
    }

    private static String endedSessionId(Object payload) {
        if (payload instanceof SessionLoggedOut loggedOut) {
            return loggedOut.getSessionId();
        }
        if (payload instanceof SessionRevoked revoked) {
            return revoked.getSessionId();
        }
        if (payload instanceof SessionEvicted evicted) {
            return evicted.getSessionId();
        }
        if (payload instanceof SessionExpired expired) {
            return expired.getSessionId();
        }
        return null;
    }
}
