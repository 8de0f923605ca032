package dev.phishnet.commandapi.processor;

import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;
import static dev.phishnet.commandapi.user.Rejection.Code.UNPROCESSABLE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.phishnet.commandapi.messages.CommandActions;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.command.RecordIdempotentOutcome;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands sent with an {@code Idempotency-Key}, on the partition of {@code idem:<tenant>:<actor>:<key>}. The first
 * use of a key is remembered as pending and passed on to its aggregate's key, unchanged; the stage that decides it
 * sends its outcome back here ({@link RecordIdempotentOutcome}). A repeat with the same fingerprint is answered with
 * that outcome (at once, or when it lands) and never reaches an aggregate again: no second event, no second audit
 * entry. A repeat with another fingerprint is refused (UNPROCESSABLE, audited). Keys are forgotten a window after
 * their first use.
 */
final class IdempotencyStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    /** How often expired keys are looked for, on wall-clock time. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    /** Keys forgotten per sweep at most, so that one sweep never stalls the partition; the next one goes on. */
    static final int MAX_FORGOTTEN_PER_SWEEP = 10_000;

    private static final Logger log = LoggerFactory.getLogger(IdempotencyStage.class);
    static final String HEADER = "Idempotency-Key";
    private static final Rejection KEY_MISMATCH = Rejection.of(INVALID,
            "the command's key does not name its idempotency key and fingerprint", HEADER);
    private static final Rejection REUSED = Rejection.of(UNPROCESSABLE,
            "this Idempotency-Key was used for a different request", HEADER);

    private final AuditAndReply auditAndReply;
    private final Clock clock;
    private final Duration window;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, IdempotencyEntry> entries;
    /** {@code <first seen, epoch ms, 19 digits>:<key>} -> key: the keys in the order they expire. */
    private KeyValueStore<String, String> expiry;

    IdempotencyStage(AuditAndReply auditAndReply, Clock clock, Duration window) {
        this.auditAndReply = auditAndReply;
        this.clock = clock;
        this.window = window;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.entries = context.getStateStore(CommandProcessorTopology.IDEMPOTENCY_STORE);
        this.expiry = context.getStateStore(CommandProcessorTopology.IDEMPOTENCY_EXPIRY_STORE);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> forgetExpired());
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        if (command.getPayload() instanceof RecordIdempotentOutcome recorded) {
            decided(record.key(), command, recorded.getOutcome(), record);
            return;
        }
        String target;
        try {
            if (command.getIdempotencyKey() == null || command.getRequestFingerprint() == null
                    || !record.key().equals(RoutingKeys.idempotency(command))) {
                refuse(record, command, KEY_MISMATCH);
                return;
            }
            target = RoutingKeys.aggregate(command);
        } catch (IllegalArgumentException | NullPointerException e) {
            refuse(record, command, Rejection.of(INVALID, "malformed command: " + e.getMessage()));
            return;
        }
        IdempotencyEntry entry = live(record.key());
        if (entry == null) {
            Instant now = clock.instant();
            entries.put(record.key(), IdempotencyEntry.pending(command.getRequestFingerprint(), now));
            expiry.put(expiryKey(now, record.key()), record.key());
            context.forward(record.withKey(target), CommandProcessorTopology.COMMANDS_SINK);
        } else if (!entry.fingerprint().equals(command.getRequestFingerprint())) {
            refuse(record, command, REUSED);
        } else if (entry.decided()) {
            reply(record, entry.outcome(), command.getCorrelationId());
        } else {
            entries.put(record.key(), entry.awaitedBy(command.getCorrelationId()));
        }
    }

    private void decided(String key, CommandEnvelope command, CommandOutcome outcome, Record<?, ?> cause) {
        IdempotencyEntry entry = entries.get(key);
        if (entry == null || entry.decided() || !entry.fingerprint().equals(command.getRequestFingerprint())) {
            // Forgotten meanwhile (a decision slower than the window), or not the request this key holds.
            log.warn("Outcome of command {} not recorded: its idempotency key holds no pending request of it",
                    outcome.getCommandId());
            return;
        }
        entries.put(key, entry.decided(outcome));
        for (String correlationId : entry.waiting()) {
            reply(cause, outcome, correlationId);
        }
    }

    private void reply(Record<?, ?> cause, CommandOutcome outcome, String correlationId) {
        CommandOutcome repeated = CommandOutcome.newBuilder(outcome).setCorrelationId(correlationId).build();
        context.forward(new Record<>(correlationId, repeated, cause.timestamp()),
                CommandProcessorTopology.REPLIES_SINK);
    }

    // Refused here: neither pending nor recorded, so the key keeps whatever it held.
    private void refuse(Record<String, CommandEnvelope> record, CommandEnvelope command, Rejection rejection) {
        auditAndReply.rejectedWithoutRecording(context, record, command, CommandActions.of(command),
                command.getAggregateId(), 0, rejection);
    }

    /** The key's entry, or null if it has none or its window has passed (then it is forgotten now). */
    private IdempotencyEntry live(String key) {
        IdempotencyEntry entry = entries.get(key);
        if (entry != null && expired(entry.firstSeenAt())) {
            entries.delete(key);
            return null;
        }
        return entry;
    }

    private boolean expired(Instant firstSeenAt) {
        return !firstSeenAt.plus(window).isAfter(clock.instant());
    }

    private void forgetExpired() {
        Instant cutoff = clock.instant().minus(window);
        List<KeyValue<String, String>> due = new ArrayList<>();
        // ';' follows ':', so the range ends after every row of the cutoff's millisecond.
        try (KeyValueIterator<String, String> rows = expiry.range(null,
                String.format("%019d;", Math.max(0, cutoff.toEpochMilli())))) {
            while (rows.hasNext() && due.size() < MAX_FORGOTTEN_PER_SWEEP) {
                due.add(rows.next());
            }
        }
        for (KeyValue<String, String> row : due) {
            IdempotencyEntry entry = entries.get(row.value);
            // The key may have been forgotten on use and taken again since: only the entry of this row goes.
            if (entry != null && expiryKey(entry.firstSeenAt(), row.value).equals(row.key)) {
                entries.delete(row.value);
            }
            expiry.delete(row.key);
        }
    }

    private static String expiryKey(Instant firstSeenAt, String key) {
        return String.format("%019d:%s", firstSeenAt.toEpochMilli(), key);
    }
}
