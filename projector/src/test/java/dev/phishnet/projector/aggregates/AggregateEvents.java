package dev.phishnet.projector.aggregates;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.phishnet.schemas.analysis.AnalysisCompleted;
import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisFailed;
import dev.phishnet.schemas.analysis.AnalysisPurged;
import dev.phishnet.schemas.analysis.AnalysisRequested;
import dev.phishnet.schemas.analysis.IndicatorsMatched;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.testing.SampleMessages;

/** Small builders of the events the aggregates count. */
public final class AggregateEvents {

    private AggregateEvents() {
    }

    /** One analysis of a user's email received at {@code receivedAt}; its {@code n}th event has version n. */
    public record Analysis(String tenantId, String userId, String id, Instant receivedAt) {

        public static Analysis of(String tenantId, String userId, Instant receivedAt) {
            return new Analysis(tenantId, userId, UUID.randomUUID().toString(), receivedAt);
        }

        public AnalysisEvent requested() {
            return event(1, AnalysisRequested.newBuilder()
                    .setAnalysisId(id)
                    .setUserId(userId)
                    .setGmailMessageId("msg-" + id)
                    .setSubject("Your invoice")
                    .setSender("billing@evil.example")
                    .setRecipient("ada@example.com")
                    .setReceivedAt(receivedAt)
                    .setUrls(List.of())
                    .build());
        }

        public AnalysisEvent matched(long version) {
            return event(version, IndicatorsMatched.newBuilder().setLookups(2).setVerdictRule("indicators-v1")
                    .build());
        }

        public AnalysisEvent completed(long version, ThreatLevel level) {
            return event(version, AnalysisCompleted.newBuilder().setThreatLevel(level).setConfidenceScore(0.9)
                    .setAnalyzerVersion("analyzer-1").build());
        }

        public AnalysisEvent failed(long version) {
            return event(version, AnalysisFailed.newBuilder().setReason("timeout").build());
        }

        public AnalysisEvent purged(long version) {
            return event(version, new AnalysisPurged(receivedAt, receivedAt.plusSeconds(1), "run-1"));
        }

        private AnalysisEvent event(long version, Object payload) {
            EventEnvelope envelope = EventEnvelope.newBuilder(SampleMessages.envelope())
                    .setEventId(UUID.randomUUID().toString())
                    .setAggregateId(id)
                    .setAggregateVersion(version)
                    .setTenantId(tenantId)
                    .setOccurredAt(receivedAt.plusSeconds(version))
                    .setActor(actor(ActorKind.SERVICE, "analyzer"))
                    .build();
            return new AnalysisEvent(envelope, payload);
        }
    }

    /** The audit event of one command {@code actor} of {@code kind} issued in {@code tenantId}. */
    public static AuditEvent audit(String tenantId, ActorKind kind, String actor, String action, AuditOutcome outcome,
            Instant at) {
        return AuditEvent.newBuilder()
                .setEnvelope(EventEnvelope.newBuilder(SampleMessages.envelope())
                        .setEventId(UUID.randomUUID().toString())
                        .setTenantId(tenantId)
                        .setOccurredAt(at)
                        .setActor(actor(kind, actor))
                        .build())
                .setAction(action)
                .setOutcome(outcome)
                .setReason(outcome == AuditOutcome.REJECTED ? "NOT_FOUND: no such analysis" : null)
                .setResourceType(action.substring(0, action.indexOf('.')))
                .setResourceId("resource-1")
                .setCommandId(UUID.randomUUID().toString())
                .setDetails(Map.of())
                .build();
    }

    public static AuditEvent audit(String tenantId, String user, String action, Instant at) {
        return audit(tenantId, ActorKind.USER, user, action, AuditOutcome.ACCEPTED, at);
    }

    private static Actor actor(ActorKind kind, String id) {
        return Actor.newBuilder().setKind(kind).setId(id).build();
    }
}
