package dev.phishnet.cleanup.streams;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The cleanup worker's topology as a pure function of its settings and serdes:
 * <pre>
 * session-events -&gt; session-expiry [tracked-sessions, session-due-order] -&gt; commands (ExpireSession, user:&lt;id&gt;)
 * </pre>
 * It reads and writes only Kafka, so under exactly-once the stores, the commands and the consumed offsets commit
 * together: a due session's command is sent once, across restarts.
 */
public final class CleanupTopology {

    static final String SESSION_EVENTS_SOURCE = "session-events-source";
    static final String SESSION_EXPIRY = "session-expiry";
    static final String COMMANDS_SINK = "commands-sink";
    /** Session id -> the live session: its user, tenant and deadlines. */
    static final String SESSIONS_STORE = "tracked-sessions";
    /** Deadline-ordered session ids, so that each check reads only what is due. */
    static final String DUE_ORDER_STORE = "session-due-order";

    /**
     * @param sessionEvents the topic of session events, keyed by user id
     * @param commands the topic expiry commands go to, keyed by the aggregate they target
     * @param expiryCheckInterval how often, on wall-clock time, due sessions are looked for: the most a session
     *     outlives its deadline before its command is sent
     */
    public record Settings(String sessionEvents, String commands, Duration expiryCheckInterval) {
    }

    private CleanupTopology() {
    }

    public static Topology build(Settings settings, CleanupSerdes serdes, ExpiryListener listener) {
        // A new worker (or one whose state is lost) reads every session from the topic's start: a session it has
        // not seen start is a session it would never expire.
        return new Topology()
                .addSource(AutoOffsetReset.earliest(), SESSION_EVENTS_SOURCE, new StringDeserializer(),
                        serdes.sessionEvents().deserializer(), settings.sessionEvents())
                .addProcessor(SESSION_EXPIRY, () -> new SessionExpiry(settings.expiryCheckInterval(), listener),
                        SESSION_EVENTS_SOURCE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SESSIONS_STORE),
                        Serdes.String(), TrackedSessionSerde.create()), SESSION_EXPIRY)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DUE_ORDER_STORE),
                        Serdes.String(), Serdes.String()), SESSION_EXPIRY)
                .addSink(COMMANDS_SINK, settings.commands(), new StringSerializer(), serdes.commands().serializer(),
                        SESSION_EXPIRY);
    }
}
