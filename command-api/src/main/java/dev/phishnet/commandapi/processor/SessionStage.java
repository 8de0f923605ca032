package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.phishnet.commandapi.messages.Outcomes;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.messages.SessionCommands;
import dev.phishnet.commandapi.messages.SessionEvents;
import dev.phishnet.commandapi.session.IpAddress;
import dev.phishnet.commandapi.session.SessionCommand;
import dev.phishnet.commandapi.session.SessionCommand.PurgeEndedSessions;
import dev.phishnet.commandapi.session.SessionCommand.RecordFailedLogin;
import dev.phishnet.commandapi.session.SessionCommand.StartSession;
import dev.phishnet.commandapi.session.SessionDecider;
import dev.phishnet.commandapi.session.SessionEvent;
import dev.phishnet.commandapi.session.SessionEvent.LoginFailed;
import dev.phishnet.commandapi.session.SessionPolicy;
import dev.phishnet.commandapi.session.UserSessions;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.User;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.session.RecordFailedLoginFromAddress;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides a user's session commands on the user's partition: loads the user's sessions and the user (from the users
 * store, which this partition also owns), calls the pure decider, writes the events it returns (a refusal's too), the
 * new state, the audit event and the reply. A wrong password or code is also sent on to its client address's
 * partition, where failures from one address are counted whichever accounts they name. A command the processor
 * issued itself (the revocations of a deactivation) is answered to nobody, and audited only if it did something.
 */
final class SessionStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    private static final Rejection KEY_MISMATCH = Rejection.of(INVALID, "the command's key does not name its user");

    private final AuditAndReply auditAndReply;
    private final Clock clock;
    private final SessionPolicy policy;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, UserSessions> sessions;
    private KeyValueStore<String, User> users;

    SessionStage(AuditAndReply auditAndReply, Clock clock, SessionPolicy policy) {
        this.auditAndReply = auditAndReply;
        this.clock = clock;
        this.policy = policy;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.sessions = context.getStateStore(CommandProcessorTopology.SESSIONS_STORE);
        this.users = context.getStateStore(CommandProcessorTopology.USERS_STORE);
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        String action = SessionCommands.action(command);
        SessionCommand sessionCommand;
        try {
            sessionCommand = SessionCommands.toSessionCommand(command);
        } catch (IllegalArgumentException | NullPointerException e) {
            conclude(record, command, audited(action, command.getAggregateId(), 0, Map.of()),
                    Optional.of(Rejection.of(INVALID, "malformed command: " + e.getMessage())), Map.of());
            return;
        }
        String userId = sessionCommand.userId().value();
        if (!record.key().equals(RoutingKeys.user(sessionCommand.userId()))) {
            conclude(record, command, audited(action, userId, 0, Map.of()), Optional.of(KEY_MISMATCH), Map.of());
            return;
        }
        UserSessions state = Optional.ofNullable(sessions.get(userId)).orElse(UserSessions.NONE);
        Optional<User> user = Optional.ofNullable(users.get(userId));
        // Milliseconds, as on the topics: a deadline a follower reads is exactly the one decided on.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Decision<SessionEvent> decision = SessionDecider.decide(state, user, sessionCommand, now, policy);
        UserSessions next = append(record, command, userId, state, decision.events(), now);
        boolean visible = user.filter(found -> found.belongsTo(sessionCommand.tenantId())).isPresent();
        Audited audited = audited(action, userId, visible ? next.version() : 0,
                SessionAuditDetails.of(sessionCommand, decision.events(), next, now));
        Optional<Rejection> rejection = decision instanceof Decision.Rejected<SessionEvent> rejected
                ? Optional.of(rejected.rejection()) : Optional.empty();
        boolean started = rejection.isEmpty() && sessionCommand instanceof StartSession;
        if (Outcomes.issuedByProcessor(command) && rejection.isEmpty() && decision.events().isEmpty()) {
            return; // nothing happened, and nobody awaits an answer
        }
        if (sessionCommand instanceof PurgeEndedSessions) {
            return; // the cleanup worker's: its retention run is audited as a whole, and it awaits no answer
        }
        conclude(record, command, audited, rejection, started ? tokenClaims(user.orElseThrow()) : Map.of());
        if (guessedWrong(sessionCommand, decision.events())) {
            forwardAddressFailure(record, command, sessionCommand);
        }
    }

    /** Writes the events under consecutive versions of the user's sessions and stores the state they lead to. */
    private UserSessions append(Record<String, CommandEnvelope> cause, CommandEnvelope command, String userId,
            UserSessions state, List<SessionEvent> events, Instant now) {
        UserSessions next = state;
        int index = 0;
        for (SessionEvent event : events) {
            next = SessionDecider.evolve(next, event, now);
            var envelope = Outcomes.envelope(command, Outcomes.derivedId(command, "event:" + index++), userId,
                    next.version(), now);
            context.forward(new Record<>(userId, SessionEvents.toMessage(event, envelope), cause.timestamp()),
                    CommandProcessorTopology.SESSION_EVENTS_SINK);
        }
        if (next != state) {
            sessions.put(userId, next);
        }
        return next;
    }

    private void conclude(Record<String, CommandEnvelope> record, CommandEnvelope command, Audited audited,
            Optional<Rejection> rejection, Map<String, String> replyDetails) {
        if (Outcomes.issuedByProcessor(command)) {
            auditAndReply.auditOnly(context, record, command, audited, rejection.orElse(null));
        } else if (rejection.isPresent()) {
            auditAndReply.rejected(context, record, command, audited, rejection.get());
        } else {
            auditAndReply.accepted(context, record, command, audited, replyDetails);
        }
    }

    /** What the API puts in the tokens of a started session. */
    private static Map<String, String> tokenClaims(User user) {
        return Map.of("tenant", user.tenantId().value(),
                "roles", String.join(",", user.roles().stream().map(Role::name).toList()));
    }

    // A wrong password (whatever the user's lock) or a wrong code is a guess from the client's address.
    private static boolean guessedWrong(SessionCommand command, List<SessionEvent> events) {
        return command instanceof RecordFailedLogin || events.stream()
                .anyMatch(event -> event instanceof LoginFailed failed && failed.reason().counted());
    }

    private void forwardAddressFailure(Record<String, CommandEnvelope> cause, CommandEnvelope command,
            SessionCommand sessionCommand) {
        IpAddress ip = sessionCommand instanceof RecordFailedLogin failed ? failed.client().ip()
                : ((StartSession) sessionCommand).client().ip();
        String key = RoutingKeys.address(ip);
        // Its own correlation id: the caller awaits one reply, this command's, not the address's.
        CommandEnvelope failure = new CommandEnvelope(Outcomes.derivedId(command, "address-failure"),
                Outcomes.derivedId(command, "address-failure-correlation"), command.getTenantId(), key,
                clock.instant(), Outcomes.PROCESSOR, null, null,
                new RecordFailedLoginFromAddress(ip.value(), sessionCommand.userId().value()));
        context.forward(new Record<>(key, failure, cause.timestamp()), CommandProcessorTopology.COMMANDS_SINK);
    }

    private static Audited audited(String action, String userId, long version, Map<String, String> details) {
        return new Audited(action, Outcomes.USER_RESOURCE, userId, version, details);
    }
}
