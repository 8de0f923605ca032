package dev.phishnet.schemas.testing;

import dev.phishnet.schemas.analysis.AnalysisEvent;
import dev.phishnet.schemas.analysis.AnalysisRequested;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.Rejection;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.session.Client;
import dev.phishnet.schemas.session.LoginMethod;
import dev.phishnet.schemas.session.SessionEvent;
import dev.phishnet.schemas.session.SessionStarted;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.threatintel.IndicatorReported;
import dev.phishnet.schemas.threatintel.IndicatorState;
import dev.phishnet.schemas.threatintel.IndicatorType;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import dev.phishnet.schemas.user.RegisterUser;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserRegistered;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One valid instance of every top-level message, with fixed values so tests can assert on them. */
public final class SampleMessages {

    public static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    private SampleMessages() {
    }

    public static Actor actor() {
        return Actor.newBuilder().setId("user-1").setKind(ActorKind.USER).setIp("127.0.0.1").setUserAgent("curl/8").build();
    }

    public static EventEnvelope envelope() {
        return EventEnvelope.newBuilder()
                .setEventId("6f1c2f5e-0d0a-4d8e-9a43-3d1f2b9f0c11")
                .setAggregateId("user-1")
                .setAggregateVersion(1)
                .setTenantId("tenant-a")
                .setOccurredAt(AT)
                .setCorrelationId("corr-1")
                .setActor(actor())
                .build();
    }

    public static UserEvent userRegistered() {
        return UserEvent.newBuilder()
                .setEnvelope(envelope())
                .setPayload(UserRegistered.newBuilder()
                        .setEmail("ada@example.com")
                        .setPasswordHash("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA")
                        .setFullName("Ada Lovelace")
                        .setRoles(List.of(Role.USER, Role.ANALYST))
                        .build())
                .build();
    }

    public static CommandEnvelope registerUser() {
        return CommandEnvelope.newBuilder()
                .setCommandId("cmd-1")
                .setCorrelationId("corr-1")
                .setTenantId("tenant-a")
                .setAggregateId("user-1")
                .setIssuedAt(AT)
                .setActor(actor())
                .setIdempotencyKey("idem-1")
                .setPayload(RegisterUser.newBuilder()
                        .setEmail("ada@example.com")
                        .setPasswordHash("$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA")
                        .setFullName("Ada Lovelace")
                        .setMobile("+44 20 7946 0000")
                        .setRoles(List.of(Role.USER))
                        .build())
                .build();
    }

    public static CommandOutcome rejectedOutcome() {
        return CommandOutcome.newBuilder()
                .setCommandId("cmd-1")
                .setCorrelationId("corr-1")
                .setAggregateId("user-1")
                .setAccepted(false)
                .setRejection(Rejection.newBuilder().setCode("EMAIL_TAKEN").setMessage("email already registered")
                        .setField("email").build())
                .setDecidedAt(AT)
                .build();
    }

    public static AuditEvent auditEvent() {
        return AuditEvent.newBuilder()
                .setEnvelope(envelope())
                .setAction("user.register")
                .setOutcome(AuditOutcome.ACCEPTED)
                .setResourceType("user")
                .setResourceId("user-1")
                .setCommandId("cmd-1")
                .setDetails(Map.of("email", "ada@example.com"))
                .build();
    }

    public static SessionEvent sessionStarted() {
        return SessionEvent.newBuilder()
                .setEnvelope(envelope())
                .setPayload(SessionStarted.newBuilder()
                        .setSessionId("session-1")
                        .setMethod(LoginMethod.PASSWORD)
                        .setClient(Client.newBuilder().setIp("203.0.113.7").setUserAgent("curl/8").setOs("Unknown")
                                .setBrowser("curl").setDeviceType("Unknown").build())
                        .setDevice("Unknown|curl|Unknown")
                        .setNewDevice(true)
                        .setRiskScore(30)
                        .setRiskReasons(List.of("NEW_DEVICE"))
                        .setRefreshTokenHash("hmac-sha256:c2Vzc2lvbg")
                        .setIdleExpiresAt(AT.plusSeconds(1800))
                        .setAbsoluteExpiresAt(AT.plusSeconds(86400))
                        .build())
                .build();
    }

    public static AnalysisEvent analysisRequested() {
        return AnalysisEvent.newBuilder()
                .setEnvelope(envelope())
                .setPayload(AnalysisRequested.newBuilder()
                        .setAnalysisId("analysis-1")
                        .setUserId("user-1")
                        .setGmailMessageId("18c2f0a1b2c3d4e5")
                        .setSubject("Your invoice")
                        .setSender("billing@evil.example")
                        .setRecipient("ada@example.com")
                        .setReceivedAt(AT)
                        .setUrls(List.of("https://login.evil.example/pay"))
                        .build())
                .build();
    }

    public static ThreatIntelEvent indicatorReported() {
        return ThreatIntelEvent.newBuilder()
                .setEnvelope(envelope())
                .setPayload(IndicatorReported.newBuilder().setSource("feed-a").setState(IndicatorState.newBuilder()
                        .setIndicatorId("indicator-1")
                        .setIndicator("evil.example")
                        .setIndicatorType(IndicatorType.DOMAIN)
                        .setThreatType("phishing")
                        .setThreatLevel(ThreatLevel.HIGH)
                        .setConfidenceScore(0.9)
                        .setSources(List.of("feed-a"))
                        .setTags(List.of("credential-theft"))
                        .setFirstSeenAt(AT)
                        .setLastSeenAt(AT)
                        .setReports(1)
                        .setActive(true)
                        .build()).build())
                .build();
    }

    /** Every top-level message, keyed by the topic it travels on. */
    public static Map<String, SpecificRecord> byTopic() {
        return Map.of(
                "user-events", userRegistered(),
                "session-events", sessionStarted(),
                "analysis-events", analysisRequested(),
                "threat-intel-events", indicatorReported(),
                "commands", registerUser(),
                "command-replies", rejectedOutcome(),
                "audit-events", auditEvent());
    }
}
