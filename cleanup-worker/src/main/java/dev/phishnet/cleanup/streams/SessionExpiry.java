package dev.phishnet.cleanup.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.phishnet.cleanup.session.ExpiryCommands;
import dev.phishnet.cleanup.session.SessionDeadlines;
import dev.phishnet.cleanup.session.TrackedSession;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.session.SessionEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Follows each live session's deadline from its events and, on wall-clock punctuation, sends {@code ExpireSession}
 * for every session whose deadline has passed. A due session leaves the deadline order as its command is sent (in the
 * same transaction), so it is sent once; the {@code SessionExpired} that follows forgets it, and an event that moves
 * its deadline instead (a refresh the processor decided first) puts it back in order.
 */
final class SessionExpiry implements Processor<String, SessionEvent, String, CommandEnvelope> {

    /** Commands sent per check at most, so that a backlog (after an outage) never stalls the partition. */
    static final int MAX_EXPIRED_PER_CHECK = 10_000;
    /** The key prefix of address lockouts, which share the topic but concern no session. */
    private static final String ADDRESS_KEY_PREFIX = "ip:";

    private final Duration checkInterval;
    private final ExpiryListener listener;
    private ProcessorContext<String, CommandEnvelope> context;
    private KeyValueStore<String, TrackedSession> sessions;
    /** {@code <deadline, epoch ms, 19 digits>|<session id>} -> session id: sessions not yet sent, in deadline order. */
    private KeyValueStore<String, String> dueOrder;

    SessionExpiry(Duration checkInterval, ExpiryListener listener) {
        this.checkInterval = checkInterval;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, CommandEnvelope> context) {
        this.context = context;
        this.sessions = context.getStateStore(CleanupTopology.SESSIONS_STORE);
        this.dueOrder = context.getStateStore(CleanupTopology.DUE_ORDER_STORE);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::expireDue);
    }

    @Override
    public void process(Record<String, SessionEvent> record) {
        SessionEvent event = record.value();
        if (event == null || record.key() != null && record.key().startsWith(ADDRESS_KEY_PREFIX)) {
            return;
        }
        Optional<String> concerned = SessionDeadlines.sessionId(event);
        if (concerned.isEmpty()) {
            return;
        }
        String sessionId = concerned.get();
        TrackedSession current = sessions.get(sessionId);
        TrackedSession next = SessionDeadlines.evolve(current, event);
        if (next == null) {
            if (current != null) {
                sessions.delete(sessionId);
                dueOrder.delete(orderKey(current.deadline(), sessionId));
            }
            return;
        }
        sessions.put(sessionId, next);
        // An unchanged deadline keeps the session where it is: out of the order if its command went already.
        if (current == null || !current.deadline().equals(next.deadline())) {
            if (current != null) {
                dueOrder.delete(orderKey(current.deadline(), sessionId));
            }
            dueOrder.put(orderKey(next.deadline(), sessionId), sessionId);
        }
    }

    private void expireDue(long timestamp) {
        Instant now = Instant.ofEpochMilli(timestamp);
        List<KeyValue<String, String>> due = new ArrayList<>();
        // '}' follows '|', so the range ends after every row of now's millisecond: deadline <= now.
        try (KeyValueIterator<String, String> rows = dueOrder.range(null,
                String.format("%019d}", Math.max(0, timestamp)))) {
            while (rows.hasNext() && due.size() < MAX_EXPIRED_PER_CHECK) {
                due.add(rows.next());
            }
        }
        for (KeyValue<String, String> row : due) {
            dueOrder.delete(row.key);
            TrackedSession session = sessions.get(row.value);
            // Rows and sessions change together, so this holds; checked because a stray row must not send twice.
            if (session == null || !orderKey(session.deadline(), row.value).equals(row.key)) {
                continue;
            }
            context.forward(new Record<>(ExpiryCommands.routingKey(session),
                    ExpiryCommands.expireSession(row.value, session, now), timestamp));
            listener.expirySent(session.deadline(), now);
        }
    }

    private static String orderKey(Instant deadline, String sessionId) {
        return String.format("%019d|%s", Math.max(0, deadline.toEpochMilli()), sessionId);
    }
}
