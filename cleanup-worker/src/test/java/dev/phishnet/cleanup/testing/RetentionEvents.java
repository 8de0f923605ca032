package dev.phishnet.cleanup.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisPurged;
import dev.phishnet.schemas.analysis.AnalysisRequested;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SessionDeadline;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionEvicted;
import dev.phishnet.schemas.session.SessionExpired;
import dev.phishnet.schemas.session.SessionLoggedOut;
import dev.phishnet.schemas.session.SessionRevoked;
import dev.phishnet.schemas.session.SessionsPurged;
import dev.phishnet.schemas.testing.SampleMessages;
import dev.phishnet.schemas.threatintel.IndicatorPurged;
import dev.phishnet.schemas.threatintel.IndicatorReported;
import dev.phishnet.schemas.threatintel.IndicatorRetired;
import dev.phishnet.schemas.threatintel.IndicatorState;
import dev.phishnet.schemas.threatintel.IndicatorType;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;

/**
 * The events retention follows, each of a named tenant and occurring at a named instant (retention reads only the
 * aggregate, tenant and time of the envelope, and the few fields that say when an item started ageing).
 */
public final class RetentionEvents {

    private RetentionEvents() {
    }

    public static AnalysisEvent analysisRequested(String tenantId, String analysisId, Instant at) {
        return new AnalysisEvent(envelope(tenantId, analysisId, at, "requested"), AnalysisRequested.newBuilder()
                .setAnalysisId(analysisId).setUserId("user-of-" + analysisId).setGmailMessageId("m-" + analysisId)
                .setSubject("Your invoice").setSender("billing@evil.example").setRecipient("ada@example.com")
                .setReceivedAt(at).setUrls(List.of()).build());
    }

    public static AnalysisEvent analysisPurged(String tenantId, String analysisId, Instant requestedAt, Instant at) {
        return new AnalysisEvent(envelope(tenantId, analysisId, at, "purged"), AnalysisPurged.newBuilder()
                .setRequestedAt(requestedAt).setCutoff(at).setRunId("run").build());
    }

    public static ThreatIntelEvent indicatorReported(String tenantId, String indicatorId, Instant lastSeenAt) {
        return new ThreatIntelEvent(envelope(tenantId, indicatorId, lastSeenAt, "reported"),
                IndicatorReported.newBuilder().setSource("feed-a").setState(state(indicatorId, lastSeenAt, true))
                        .build());
    }

    public static ThreatIntelEvent indicatorRetired(String tenantId, String indicatorId, Instant lastSeenAt,
            Instant at) {
        return new ThreatIntelEvent(envelope(tenantId, indicatorId, at, "retired"),
                IndicatorRetired.newBuilder().setState(state(indicatorId, lastSeenAt, false)).build());
    }

    public static ThreatIntelEvent indicatorPurged(String tenantId, String indicatorId, Instant lastSeenAt,
            Instant at) {
        return new ThreatIntelEvent(envelope(tenantId, indicatorId, at, "purged"), IndicatorPurged.newBuilder()
                .setIndicator(indicatorId + ".example").setIndicatorType(IndicatorType.DOMAIN)
                .setLastSeenAt(lastSeenAt).setCutoff(at).setRunId("run").build());
    }

    public static SessionEvent loggedOut(String tenantId, String userId, String sessionId, Instant at) {
        return new SessionEvent(envelope(tenantId, userId, at, "logged-out " + sessionId),
                SessionLoggedOut.newBuilder().setSessionId(sessionId).build());
    }

    public static SessionEvent revoked(String tenantId, String userId, String sessionId, Instant at) {
        return new SessionEvent(envelope(tenantId, userId, at, "revoked " + sessionId),
                SessionRevoked.newBuilder().setSessionId(sessionId).setReason(RevocationReason.REVOKED).build());
    }

    public static SessionEvent evicted(String tenantId, String userId, String sessionId, Instant at) {
        return new SessionEvent(envelope(tenantId, userId, at, "evicted " + sessionId),
                SessionEvicted.newBuilder().setSessionId(sessionId).setEvictedBy("newer").build());
    }

    public static SessionEvent expired(String tenantId, String userId, String sessionId, Instant at) {
        return new SessionEvent(envelope(tenantId, userId, at, "expired " + sessionId),
                SessionExpired.newBuilder().setSessionId(sessionId).setDeadline(SessionDeadline.IDLE).setDueAt(at)
                        .build());
    }

    public static SessionEvent sessionsPurged(String tenantId, String userId, List<String> sessionIds, Instant at) {
        return new SessionEvent(envelope(tenantId, userId, at, "purged " + sessionIds),
                SessionsPurged.newBuilder().setSessionIds(sessionIds).setEndedBefore(at).setRunId("run").build());
    }

    public static AuditEvent audited(String tenantId, String resourceId, Instant at) {
        return AuditEvent.newBuilder()
                .setEnvelope(envelope(tenantId, resourceId, at, "audited"))
                .setAction("user.update").setOutcome(AuditOutcome.ACCEPTED).setResourceType("user")
                .setResourceId(resourceId).setCommandId("cmd-" + resourceId).setDetails(Map.of())
                .build();
    }

    private static IndicatorState state(String indicatorId, Instant lastSeenAt, boolean active) {
        return IndicatorState.newBuilder().setIndicatorId(indicatorId).setIndicator(indicatorId + ".example")
                .setIndicatorType(IndicatorType.DOMAIN).setThreatType("phishing")
                .setThreatLevel(ThreatLevel.HIGH).setConfidenceScore(0.9)
                .setSources(List.of("feed-a")).setTags(List.of()).setFirstSeenAt(lastSeenAt)
                .setLastSeenAt(lastSeenAt).setReports(1).setActive(active).build();
    }

    private static EventEnvelope envelope(String tenantId, String aggregateId, Instant at, String what) {
        return EventEnvelope.newBuilder(SampleMessages.envelope())
                .setEventId(UUID.nameUUIDFromBytes((tenantId + aggregateId + at + what)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .setAggregateId(aggregateId)
                .setTenantId(tenantId)
                .setOccurredAt(at)
                .build();
    }
}
