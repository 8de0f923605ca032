package dev.phishnet.cleanup.streams;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.phishnet.cleanup.retention.RetentionFact;
import dev.phishnet.cleanup.retention.RetentionFacts;
import dev.phishnet.cleanup.retention.RetentionPolicy;
import dev.phishnet.schemas.session.SessionEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The cleanup worker's topology as a pure function of its settings and serdes:
 * <pre>
 * session-events -&gt; session-expiry [tracked-sessions, session-due-order] -&gt; commands (ExpireSession, user:&lt;id&gt;)
 * session-events, analysis-events, threat-intel-events, audit-events
 *     -&gt; retention facts, keyed by tenant -&gt; retention-facts (repartition)
 *     -&gt; retention-runs [retention-analyses, retention-analysis-order, retention-indicators,
 *        retention-indicator-order, retention-ended-sessions, retention-ended-session-order, retention-audit-days]
 *     -&gt; commands (PurgeAnalysis analysis:&lt;id&gt;, PurgeIndicator intel:&lt;id&gt;, PurgeEndedSessions user:&lt;id&gt;,
 *        RecordRetentionRun retention:&lt;tenant&gt;)
 * </pre>
 * Retention's facts are repartitioned by tenant so that one task holds all of a tenant's ages and sends its one
 * {@code RecordRetentionRun} per run. It reads and writes only Kafka, so under exactly-once the stores, the commands
 * and the consumed offsets commit together: a due session's or item's command is sent once, across restarts.
 */
public final class CleanupTopology {

    static final String SESSION_EVENTS_SOURCE = "session-events-source";
    static final String SESSION_EXPIRY = "session-expiry";
    static final String COMMANDS_SINK = "commands-sink";
    /** Session id -> the live session: its user, tenant and deadlines. */
    static final String SESSIONS_STORE = "tracked-sessions";
    /** Deadline-ordered session ids, so that each check reads only what is due. */
    static final String DUE_ORDER_STORE = "session-due-order";

    static final String RETENTION_FACTS = "retention-facts";
    static final String RETENTION_RUNS = "retention-runs";
    static final String RETENTION_COMMANDS_SINK = "retention-commands-sink";
    /** Analysis id -> its tenant and when it was requested. */
    static final String ANALYSES_STORE = "retention-analyses";
    /** Analyses by request time, so that each run reads only what is due. */
    static final String ANALYSIS_ORDER_STORE = "retention-analysis-order";
    /** Indicator id -> its tenant and when it was last seen. */
    static final String INDICATORS_STORE = "retention-indicators";
    static final String INDICATOR_ORDER_STORE = "retention-indicator-order";
    /** Ended session id -> its user, tenant and when it ended. */
    static final String ENDED_SESSIONS_STORE = "retention-ended-sessions";
    static final String ENDED_SESSION_ORDER_STORE = "retention-ended-session-order";
    /** Audit entries per UTC day and tenant, not yet counted by a run. */
    static final String AUDIT_DAYS_STORE = "retention-audit-days";

    /**
     * @param sessionEvents the topic of session events, keyed by user id
     * @param analysisEvents the topic of analysis events, keyed by analysis id
     * @param threatIntelEvents the topic of indicator events, keyed by indicator id
     * @param auditEvents the topic of audit events
     * @param commands the topic expiry and purge commands go to, keyed by the aggregate they target
     * @param expiryCheckInterval how often, on wall-clock time, due sessions are looked for: the most a session
     *     outlives its deadline before its command is sent
     * @param retention how retention runs
     */
    public record Settings(String sessionEvents, String analysisEvents, String threatIntelEvents, String auditEvents,
            String commands, Duration expiryCheckInterval, Retention retention) {
    }

    /**
     * @param policy the retention periods
     * @param checkInterval how often, on wall-clock time, a retention run looks for what is due
     * @param maxCommandsPerRun the most purge commands a run sends; the rest wait for the next runs
     * @param clockOffset how far ahead of the clock retention runs (a drill setting; zero in service)
     */
    public record Retention(RetentionPolicy policy, Duration checkInterval, int maxCommandsPerRun,
            Duration clockOffset) {
    }

    private CleanupTopology() {
    }

    /**
     * @param clock retention's clock (the worker's, unless a test drives it); session expiry runs on the
     *     punctuation's wall clock
     */
    public static Topology build(Settings settings, CleanupSerdes serdes, ExpiryListener expiryListener,
            RetentionListener retentionListener, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        // A new worker (or one whose state is lost) reads every topic from its start: a session it has not seen
        // start is a session it would never expire, an item it has not seen age one it would never purge.
        KStream<String, SessionEvent> sessionEvents = builder.stream(
                settings.sessionEvents(), from(serdes.sessionEvents()).withName(SESSION_EVENTS_SOURCE));

        builder.addStateStore(store(SESSIONS_STORE, TrackedSessionSerde.create()));
        builder.addStateStore(store(DUE_ORDER_STORE, Serdes.String()));
        sessionEvents
                .process(() -> new SessionExpiry(settings.expiryCheckInterval(), expiryListener),
                        Named.as(SESSION_EXPIRY), SESSIONS_STORE, DUE_ORDER_STORE)
                .to(settings.commands(), Produced.with(Serdes.String(), serdes.commands()).withName(COMMANDS_SINK));

        KStream<String, RetentionFact> facts = sessionEvents
                .flatMap((key, event) -> byTenant(event == null ? Optional.empty() : RetentionFacts.of(event)),
                        Named.as("session-retention-facts"))
                .merge(builder.stream(settings.analysisEvents(),
                                from(serdes.analysisEvents()).withName("analysis-events-source"))
                        .flatMap((key, event) -> byTenant(event == null ? Optional.empty() : RetentionFacts.of(event)),
                                Named.as("analysis-retention-facts")))
                .merge(builder.stream(settings.threatIntelEvents(),
                                from(serdes.threatIntelEvents()).withName("threat-intel-events-source"))
                        .flatMap((key, event) -> byTenant(event == null ? Optional.empty() : RetentionFacts.of(event)),
                                Named.as("indicator-retention-facts")))
                .merge(builder.stream(settings.auditEvents(),
                                from(serdes.auditEvents()).withName("audit-events-source"))
                        .flatMap((key, event) -> byTenant(event == null ? Optional.empty()
                                : Optional.of(RetentionFacts.of(event))), Named.as("audit-retention-facts")));

        for (String name : List.of(ANALYSES_STORE, INDICATORS_STORE, ENDED_SESSIONS_STORE)) {
            builder.addStateStore(store(name, TrackedAgeSerde.create()));
        }
        for (String name : List.of(ANALYSIS_ORDER_STORE, INDICATOR_ORDER_STORE, ENDED_SESSION_ORDER_STORE)) {
            builder.addStateStore(store(name, Serdes.String()));
        }
        builder.addStateStore(store(AUDIT_DAYS_STORE, Serdes.Long()));
        facts.repartition(Repartitioned.with(Serdes.String(), RetentionFactSerde.create()).withName(RETENTION_FACTS))
                .process(() -> new RetentionRuns(settings.retention(), clock, retentionListener),
                        Named.as(RETENTION_RUNS), ANALYSES_STORE, ANALYSIS_ORDER_STORE, INDICATORS_STORE,
                        INDICATOR_ORDER_STORE, ENDED_SESSIONS_STORE, ENDED_SESSION_ORDER_STORE, AUDIT_DAYS_STORE)
                .to(settings.commands(),
                        Produced.with(Serdes.String(), serdes.commands()).withName(RETENTION_COMMANDS_SINK));
        return builder.build();
    }

    private static <V> Consumed<String, V> from(Serde<V> values) {
        return Consumed.with(Serdes.String(), values).withOffsetResetPolicy(AutoOffsetReset.earliest());
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    private static List<KeyValue<String, RetentionFact>> byTenant(Optional<RetentionFact> fact) {
        return fact.map(f -> List.of(KeyValue.pair(f.tenantId(), f))).orElse(List.of());
    }
}
