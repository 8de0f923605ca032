package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import dev.phishnet.commandapi.messages.CommandActions;
import dev.phishnet.commandapi.messages.Outcomes;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.messages.UserCommands;
import dev.phishnet.commandapi.messages.UserEvents;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.User;
import dev.phishnet.commandapi.user.UserCommand;
import dev.phishnet.commandapi.user.UserCommand.DeactivateUser;
import dev.phishnet.commandapi.user.UserCommand.ImportUser;
import dev.phishnet.commandapi.user.UserCommand.RegisterUser;
import dev.phishnet.commandapi.user.UserDecider;
import dev.phishnet.commandapi.user.UserEvent;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.RevokeAllSessions;
import dev.phishnet.schemas.user.ReleaseEmail;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides user commands on the user's partition: loads the user, calls the pure decider, folds the events into the
 * new state, stores it and writes the events, the audit event and the reply. A registration refused here has
 * already claimed its address, so the claim is handed back with a {@code ReleaseEmail}. A deactivation ends the
 * user's sessions: a {@code RevokeAllSessions} goes to the sessions stage of this same partition, in-process, so that
 * both commit in one transaction.
 */
final class UserStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(UserStage.class);
    private static final Rejection KEY_MISMATCH = Rejection.of(INVALID,
            "the command's key does not name its user");

    private final AuditAndReply auditAndReply;
    private final Clock clock;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, User> users;

    UserStage(AuditAndReply auditAndReply, Clock clock) {
        this.auditAndReply = auditAndReply;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.users = context.getStateStore(CommandProcessorTopology.USERS_STORE);
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        String action = CommandActions.of(command);
        if (command.getPayload() instanceof ReleaseEmail) {
            log.warn("Dropped ReleaseEmail {} keyed for a user: it belongs to the email-claim stage",
                    command.getCommandId());
            return;
        }
        UserCommand userCommand;
        try {
            userCommand = UserCommands.toUserCommand(command);
        } catch (IllegalArgumentException | NullPointerException e) {
            auditAndReply.rejected(context, record, command, action, command.getAggregateId(), 0,
                    Rejection.of(INVALID, "malformed command: " + e.getMessage()));
            return;
        }
        String userId = userCommand.userId().value();
        if (!record.key().equals(RoutingKeys.user(userCommand.userId()))) {
            auditAndReply.rejected(context, record, command, action, userId, 0, KEY_MISMATCH);
            return;
        }
        Optional<User> state = Optional.ofNullable(users.get(userId));
        Decision<UserEvent> decision = UserDecider.decide(state, userCommand);
        if (decision instanceof Decision.Rejected<UserEvent> rejected) {
            long visibleVersion = state.filter(user -> user.belongsTo(userCommand.tenantId()))
                    .map(User::version).orElse(0L);
            auditAndReply.rejected(context, record, command, action, userId, visibleVersion, rejected.rejection());
            if (userCommand instanceof RegisterUser register && !holdsEmail(state, register.email())) {
                releaseEmail(record, command, register.userId().value(), register.email());
            }
            if (userCommand instanceof ImportUser importUser && !holdsEmail(state, importUser.email())) {
                releaseEmail(record, command, importUser.userId().value(), importUser.email());
            }
            return;
        }
        Instant now = clock.instant();
        Optional<User> next = state;
        int index = 0;
        for (UserEvent event : ((Decision.Accepted<UserEvent>) decision).events()) {
            next = UserDecider.evolve(next, event);
            long version = next.orElseThrow().version();
            var envelope = Outcomes.envelope(command, Outcomes.derivedId(command, "event:" + index++), userId,
                    version, now);
            context.forward(new Record<>(userId, UserEvents.toMessage(event, envelope), record.timestamp()),
                    CommandProcessorTopology.USER_EVENTS_SINK);
        }
        if (next != state) {
            users.put(userId, next.orElseThrow());
        }
        auditAndReply.accepted(context, record, command, action, userId, next.map(User::version).orElse(0L));
        if (userCommand instanceof DeactivateUser && next != state) {
            revokeAllSessions(record, command, userId);
        }
    }

    /**
     * Issued by the processor: answered to nobody, audited only if it ended a session (the deactivation's own audit
     * names the caller). Its correlation id is derived, so that nothing about it reaches the caller's, and it carries
     * no idempotency key: the key's outcome is the deactivation's.
     */
    private void revokeAllSessions(Record<String, CommandEnvelope> cause, CommandEnvelope command, String userId) {
        CommandEnvelope revokeAll = new CommandEnvelope(Outcomes.derivedId(command, "revoke-all-sessions"),
                Outcomes.derivedId(command, "revoke-all-sessions-correlation"), command.getTenantId(), userId,
                clock.instant(), Outcomes.PROCESSOR, null, null,
                new RevokeAllSessions(RevocationReason.USER_DEACTIVATED));
        context.forward(new Record<>(cause.key(), revokeAll, cause.timestamp()),
                CommandProcessorTopology.SESSIONS_STAGE);
    }

    // The claim on an address belongs to the user who holds that address: a registration repeated for an existing
    // user found its own claim in place and must not free it.
    private static boolean holdsEmail(Optional<User> state, Email email) {
        return state.map(user -> user.email().equals(email)).orElse(false);
    }

    private void releaseEmail(Record<String, CommandEnvelope> cause, CommandEnvelope command, String userId,
            Email email) {
        CommandEnvelope release = new CommandEnvelope(Outcomes.derivedId(command, "release-email"),
                command.getCorrelationId(), command.getTenantId(), userId, clock.instant(),
                Outcomes.PROCESSOR, null, null, new ReleaseEmail(email.value()));
        context.forward(new Record<>(RoutingKeys.email(email), release, cause.timestamp()),
                CommandProcessorTopology.COMMANDS_SINK);
    }
}
