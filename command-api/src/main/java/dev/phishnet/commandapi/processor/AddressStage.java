package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;
import static dev.phishnet.commandapi.user.Rejection.Code.UNKNOWN_ACCOUNT;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.phishnet.commandapi.messages.Outcomes;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.messages.SessionCommands;
import dev.phishnet.commandapi.messages.SessionEvents;
import dev.phishnet.commandapi.session.Lockout;
import dev.phishnet.commandapi.session.address.AddressDecider;
import dev.phishnet.commandapi.session.address.AddressEvent;
import dev.phishnet.commandapi.session.address.AddressEvent.AddressLockedOut;
import dev.phishnet.commandapi.session.address.AddressFailures;
import dev.phishnet.commandapi.session.address.RecordFailedLoginFromAddress;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.schemas.command.CommandEnvelope;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed sign-ins per client address, on the partition of {@code ip:<address>}, and publishes
 * {@code AddressLockedOut} when they reach the lockout threshold. Failures arrive from two senders: the API, for a
 * sign-in naming no account (audited {@code auth.login} as refused, and answered), and the sessions stage, for a
 * wrong password or code (its own command is audited already: only a lock it causes is, and nobody is answered).
 */
final class AddressStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    static final String ADDRESS_RESOURCE = "address";

    private static final Logger log = LoggerFactory.getLogger(AddressStage.class);
    private static final Rejection UNKNOWN = Rejection.of(UNKNOWN_ACCOUNT, "the sign-in named no account");
    private static final Rejection KEY_MISMATCH = Rejection.of(INVALID,
            "the command's key does not name its canonical address", "ip");

    private final AuditAndReply auditAndReply;
    private final Clock clock;
    private final Lockout lockout;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AddressFailures> failures;

    AddressStage(AuditAndReply auditAndReply, Clock clock, Lockout lockout) {
        this.auditAndReply = auditAndReply;
        this.clock = clock;
        this.lockout = lockout;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.failures = context.getStateStore(CommandProcessorTopology.ADDRESS_FAILURES_STORE);
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        RecordFailedLoginFromAddress failure;
        try {
            failure = SessionCommands.toAddressCommand(command);
        } catch (IllegalArgumentException | NullPointerException e) {
            refuse(record, command, Rejection.of(INVALID, "malformed command: " + e.getMessage()));
            return;
        }
        String key = RoutingKeys.address(failure.ip());
        if (!record.key().equals(key)) {
            // Another spelling of the address could sit on another partition: two counters for one address.
            refuse(record, command, KEY_MISMATCH);
            return;
        }
        AddressFailures state = Optional.ofNullable(failures.get(key)).orElse(AddressFailures.NONE);
        // Milliseconds, as on the topics: a deadline a follower reads is exactly the one decided on.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AddressFailures next = state;
        AddressLockedOut lock = null;
        int index = 0;
        for (AddressEvent event : AddressDecider.decide(state, failure, now, lockout).events()) {
            next = AddressDecider.evolve(next, event);
            if (event instanceof AddressLockedOut locked) {
                lock = locked;
                var envelope = Outcomes.envelope(command, Outcomes.derivedId(command, "event:" + index), key,
                        next.version(), now);
                context.forward(new Record<>(key, SessionEvents.toMessage(locked, envelope), record.timestamp()),
                        CommandProcessorTopology.SESSION_EVENTS_SINK);
            }
            index++;
        }
        if (next != state) {
            failures.put(key, next);
        }
        Audited audited = new Audited(Outcomes.issuedByProcessor(command) ? SessionCommands.ADDRESS_LOCKOUT
                : SessionCommands.LOGIN, ADDRESS_RESOURCE, key, next.version(), details(failure, next, lock, now));
        if (!Outcomes.issuedByProcessor(command)) {
            Rejection unknown = next.attempts().lockedAt(now)
                    ? UNKNOWN.withRetryAfter(next.attempts().retryAfter(now)) : UNKNOWN;
            auditAndReply.rejected(context, record, command, audited, unknown);
        } else if (lock != null) {
            auditAndReply.auditOnly(context, record, command, audited, null);
        }
    }

    private static Map<String, String> details(RecordFailedLoginFromAddress failure, AddressFailures state,
            AddressLockedOut lock, Instant now) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("ip", failure.ip().value());
        if (failure.userId() != null) {
            details.put("userId", failure.userId().value());
        }
        if (lock != null) {
            details.put("failures", Integer.toString(lock.failures()));
            details.put("lockLevel", Integer.toString(lock.lockLevel()));
        }
        if (state.attempts().lockedAt(now)) {
            details.put("locked", "true");
            details.put("lockedUntil", state.attempts().lockedUntil().toString());
        }
        return details;
    }

    private void refuse(Record<String, CommandEnvelope> record, CommandEnvelope command, Rejection rejection) {
        if (Outcomes.issuedByProcessor(command)) {
            log.warn("Dropped address failure {}: {}", command.getCommandId(), rejection.message());
            return;
        }
        auditAndReply.rejected(context, record, command,
                new Audited(SessionCommands.LOGIN, ADDRESS_RESOURCE, record.key(), 0, Map.of()), rejection);
    }
}
