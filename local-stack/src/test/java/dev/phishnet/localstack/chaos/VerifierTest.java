package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phishnet.localstack.chaos.EventLog.Message;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.envelope.EventEnvelope;
import dev.phishnet.schemas.user.RegisterUser;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserRegistered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The verifier on hand-made topics: it passes what is right and names what is wrong. */
class VerifierTest {

    private final Map<String, List<Message>> topics = new HashMap<>();
    private final Map<String, Long> auditDocuments = new HashMap<>();
    private long offset;

    VerifierTest() {
        for (var topic : List.of("commands", "audit-events", "user-events", "session-events", "analysis-events",
                "threat-intel-events")) {
            topics.put(topic, new ArrayList<>());
        }
    }

    @Test
    void aRegistrationAnswered201WithOneEventAndOneAuditEntryPasses() {
        var request = new Sent("chaos-1", Kind.REGISTER, 201, "user-1");
        decided(request, "user-1", 1, true);

        var verifier = verify(request);

        assertThat(verifier.problems()).isEmpty();
        assertThat(verifier.counts()).containsEntry("requests 2xx", 1L).containsEntry("commands of the load", 1L)
                .containsEntry("audit entries of the load", 1L);
    }

    @Test
    void aRegistrationWhoseEventWasWrittenTwiceIsNamed() {
        var request = new Sent("chaos-1", Kind.REGISTER, 201, "user-1");
        var command = decided(request, "user-1", 1, true);
        add("user-events", registered(request.id(), command, "user-1", 1));

        assertThat(verify(request).problems())
                .anyMatch(problem -> problem.contains("chaos-1") && problem.contains("left 2 UserRegistered"))
                .anyMatch(problem -> problem.contains("2 events for user-events/user-1@1"));
    }

    @Test
    void a201WithoutItsEventIsALostWrite() {
        var request = new Sent("chaos-1", Kind.REGISTER, 201, "user-1");

        assertThat(verify(request).problems())
                .anyMatch(problem -> problem.contains("left 0 UserRegistered"))
                .anyMatch(problem -> problem.contains("no ACCEPTED audit entry"));
    }

    @Test
    void aRefusalThatLeftAnEventIsNamed() {
        var request = new Sent("chaos-1", Kind.REGISTER_TAKEN_EMAIL, 409, null);
        decided(request, "user-2", 1, true);

        assertThat(verify(request).problems())
                .anyMatch(problem -> problem.contains("refused with 409, but left events"))
                .anyMatch(problem -> problem.contains("is audited ACCEPTED"));
    }

    @Test
    void anUnknownOutcomeMayHaveLeftOneEventButNotTwo() {
        var once = new Sent("chaos-1", Kind.REGISTER, 0, null);
        decided(once, "user-1", 1, true);
        var never = new Sent("chaos-2", Kind.REGISTER, 503, null);
        assertThat(verify(once, never).problems()).isEmpty();

        var twice = new Sent("chaos-3", Kind.REGISTER, 503, null);
        var command = decided(twice, "user-3", 1, true);
        add("user-events", registered(twice.id(), command, "user-3", 2));
        assertThat(verify(once, never, twice).problems())
                .anyMatch(problem -> problem.contains("chaos-3") && problem.contains("unknown outcome, and 2"));
    }

    @Test
    void aCommandAuditedTwiceOrMissingFromTheAuditReadModelIsNamed() {
        var request = new Sent("chaos-1", Kind.REGISTER, 201, "user-1");
        var command = decided(request, "user-1", 1, true);
        add("audit-events", audit(request.id(), command, true));
        auditDocuments.put(command, 0L);

        assertThat(verify(request).problems())
                .anyMatch(problem -> problem.contains(command + " has 2 audit entries in audit-events"))
                .anyMatch(problem -> problem.contains(command + " has 0 documents in audit_logs"));
    }

    @Test
    void aRequestTheApiRefusedItselfMustNotHavePublishedACommand() {
        var request = new Sent("chaos-1", Kind.REGISTER_INVALID, 400, null);
        add("commands", command(request.id(), UUID.randomUUID().toString()));

        assertThat(verify(request).problems())
                .anyMatch(problem -> problem.contains("refused by the API itself, yet published commands"));
    }

    // ---- fixtures ------------------------------------------------------------------------------------------------

    private Verifier verify(Sent... sent) {
        var verifier = new Verifier();
        verifier.verify(List.of(sent), topics, auditDocuments);
        return verifier;
    }

    /** The command of the request, its event (if accepted), and its audit entry in the topic and the read model. */
    private String decided(Sent request, String userId, long version, boolean accepted) {
        var commandId = UUID.randomUUID().toString();
        add("commands", command(request.id(), commandId));
        if (accepted) {
            add("user-events", registered(request.id(), commandId, userId, version));
        }
        add("audit-events", audit(request.id(), commandId, accepted));
        auditDocuments.merge(commandId, 1L, Long::sum);
        return commandId;
    }

    private void add(String topic, GenericRecord value) {
        topics.get(topic).add(new Message(topic, 0, offset++, null, value));
    }

    private static Actor actor(String agent) {
        return new Actor(null, ActorKind.ANONYMOUS, "10.0.0.1", agent);
    }

    private static CommandEnvelope command(String agent, String commandId) {
        return CommandEnvelope.newBuilder().setCommandId(commandId).setCorrelationId(UUID.randomUUID().toString())
                .setTenantId("default").setAggregateId("user").setIssuedAt(Instant.now()).setActor(actor(agent))
                .setPayload(new RegisterUser("a@example.com", "$argon2id$...", "A", null, List.of(Role.USER)))
                .build();
    }

    private static EventEnvelope envelope(String agent, String commandId, String aggregateId, long version) {
        return new EventEnvelope(UUID.randomUUID().toString(), aggregateId, version, "default", Instant.now(),
                UUID.randomUUID().toString(), commandId, actor(agent));
    }

    private static UserEvent registered(String agent, String commandId, String userId, long version) {
        return new UserEvent(envelope(agent, commandId, userId, version),
                new UserRegistered("a@example.com", "$argon2id$...", "A", null, List.of(Role.USER)));
    }

    private static AuditEvent audit(String agent, String commandId, boolean accepted) {
        return new AuditEvent(envelope(agent, commandId, "user", 1), "user.register",
                accepted ? AuditOutcome.ACCEPTED : AuditOutcome.REJECTED, accepted ? null : "CONFLICT: taken",
                "user", "user", commandId, Map.of());
    }
}
