package dev.phishnet.commandapi.processor;

import java.time.Clock;
import java.time.Duration;

import dev.phishnet.commandapi.session.SessionPolicy;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The command processor as a pure function of its topics, serdes, clock and policies. Reads top to bottom:
 *
 * <pre>
 * commands ─► route-by-key ─┬─ idem:&lt;t&gt;:&lt;a&gt;:&lt;k&gt; ─► idempotency-stage [idempotency, idempotency-expiry]
 *                           │      ├► commands (the aggregate's key) the first use of a key
 *                           │      └► command-replies (repeats), audit-events (a key reused for another request)
 *                           ├─ email:&lt;e&gt; ─► email-claims-stage [email-claims] ─► commands (user:&lt;id&gt;)
 *                           │                                                  └► audit-events, command-replies (refused)
 *                           ├─ user:&lt;id&gt; (user command) ─► users-stage [users]
 *                           │      ├► user-events, audit-events, command-replies
 *                           │      ├► commands (email:&lt;e&gt;, ReleaseEmail): a registration refused after its claim
 *                           │      └► sessions-stage (RevokeAllSessions, in-process) when a user is deactivated
 *                           ├─ user:&lt;id&gt; (session command) ─► sessions-stage [sessions; reads users]
 *                           │      ├► session-events, audit-events, command-replies
 *                           │      └► commands (ip:&lt;a&gt;, RecordFailedLoginFromAddress): a wrong password or code
 *                           ├─ ip:&lt;a&gt; ─► address-stage [address-failures]
 *                           │      └► session-events (AddressLockedOut), audit-events, command-replies
 *                           ├─ analysis:&lt;id&gt; ─► analyses-stage [analyses]
 *                           │      ├► analysis-events, audit-events, command-replies (callers' commands only)
 *                           │      └► commands (intel:&lt;id&gt;, LookUpIndicator): one per value of a new analysis
 *                           ├─ intel:&lt;id&gt; ─► indicators-stage [indicators]
 *                           │      ├► threat-intel-events, audit-events, command-replies (callers' commands only)
 *                           │      └► commands (analysis:&lt;id&gt;, RecordIndicatorLookup): the answer to a lookup
 *                           ├─ retention:&lt;t&gt; ─► retention-stage ─► audit-events (retention.run)
 *                           └─ projections:&lt;t&gt; ─► projection-admin-stage ─► audit-events (projections.*), reply
 * </pre>
 *
 * Each aggregate has one writer: its partition of {@code commands}. A registration crosses two partitions (its email's,
 * then its user's) through the {@code commands} topic itself, so that each hop commits atomically with exactly-once.
 * A command sent with an idempotency key makes one more hop first, through its key's partition, and whichever stage
 * decides it sends the outcome back there ({@code RecordIdempotentOutcome} on {@code commands}, same transaction as
 * the reply). A user and the user's sessions share a key, so one partition owns both: the sessions stage reads the
 * user directly, and a deactivation ends the sessions in the same transaction.
 */
public final class CommandProcessorTopology {

    public static final String SOURCE = "commands-source";
    public static final String ROUTER = "route-by-key";
    public static final String EMAIL_CLAIMS_STAGE = "email-claims-stage";
    public static final String USERS_STAGE = "users-stage";
    public static final String SESSIONS_STAGE = "sessions-stage";
    public static final String ADDRESS_STAGE = "address-stage";
    public static final String IDEMPOTENCY_STAGE = "idempotency-stage";
    public static final String ANALYSES_STAGE = "analyses-stage";
    public static final String INDICATORS_STAGE = "indicators-stage";
    public static final String RETENTION_STAGE = "retention-stage";
    public static final String PROJECTION_ADMIN_STAGE = "projection-admin-stage";
    public static final String LEGACY_AUDIT_STAGE = "legacy-audit-stage";
    public static final String COMMANDS_SINK = "commands-sink";
    public static final String USER_EVENTS_SINK = "user-events-sink";
    public static final String SESSION_EVENTS_SINK = "session-events-sink";
    public static final String ANALYSIS_EVENTS_SINK = "analysis-events-sink";
    public static final String THREAT_INTEL_EVENTS_SINK = "threat-intel-events-sink";
    public static final String AUDIT_EVENTS_SINK = "audit-events-sink";
    public static final String REPLIES_SINK = "command-replies-sink";
    public static final String EMAIL_CLAIMS_STORE = "email-claims";
    public static final String USERS_STORE = "users";
    public static final String SESSIONS_STORE = "sessions";
    public static final String ADDRESS_FAILURES_STORE = "address-failures";
    public static final String IDEMPOTENCY_STORE = "idempotency";
    public static final String IDEMPOTENCY_EXPIRY_STORE = "idempotency-expiry";
    public static final String ANALYSES_STORE = "analyses";
    public static final String INDICATORS_STORE = "indicators";
    /** Ids of the legacy audit entries imported, so that a re-run of the importer imports none twice. */
    public static final String LEGACY_AUDIT_STORE = "legacy-audit-entries";

    private CommandProcessorTopology() {}

    /**
     * @param clock stamps decidedAt and occurredAt, dates idempotency keys and judges session deadlines; fixed in tests
     * @param idempotencyWindow how long an idempotency key is remembered after its first use
     * @param sessions the platform's session rules
     */
    public static Topology build(CommandProcessorTopics topics, CommandProcessorSerdes serdes, Clock clock,
            Duration idempotencyWindow, SessionPolicy sessions) {
        AuditAndReply auditAndReply = new AuditAndReply(clock);
        StringSerializer keys = new StringSerializer();
        String[] deciding = {EMAIL_CLAIMS_STAGE, USERS_STAGE, SESSIONS_STAGE, ADDRESS_STAGE, IDEMPOTENCY_STAGE,
            ANALYSES_STAGE, INDICATORS_STAGE, PROJECTION_ADMIN_STAGE, LEGACY_AUDIT_STAGE};
        String[] auditing = {EMAIL_CLAIMS_STAGE, USERS_STAGE, SESSIONS_STAGE, ADDRESS_STAGE, IDEMPOTENCY_STAGE,
            ANALYSES_STAGE, INDICATORS_STAGE, RETENTION_STAGE, PROJECTION_ADMIN_STAGE, LEGACY_AUDIT_STAGE};
        return new Topology()
                .addSource(SOURCE, new StringDeserializer(), serdes.commands().deserializer(), topics.commands())
                .addProcessor(ROUTER, CommandRouter::new, SOURCE)
                .addProcessor(EMAIL_CLAIMS_STAGE, () -> new EmailClaimStage(auditAndReply, clock), ROUTER)
                .addProcessor(USERS_STAGE, () -> new UserStage(auditAndReply, clock), ROUTER)
                .addProcessor(SESSIONS_STAGE, () -> new SessionStage(auditAndReply, clock, sessions), ROUTER,
                        USERS_STAGE)
                .addProcessor(ADDRESS_STAGE, () -> new AddressStage(auditAndReply, clock, sessions.lockout()), ROUTER)
                .addProcessor(IDEMPOTENCY_STAGE, () -> new IdempotencyStage(auditAndReply, clock, idempotencyWindow),
                        ROUTER)
                .addProcessor(ANALYSES_STAGE, () -> new AnalysisStage(auditAndReply, clock), ROUTER)
                .addProcessor(INDICATORS_STAGE, () -> new IndicatorStage(auditAndReply, clock), ROUTER)
                .addProcessor(RETENTION_STAGE, () -> new RetentionStage(auditAndReply), ROUTER)
                .addProcessor(PROJECTION_ADMIN_STAGE, () -> new ProjectionAdminStage(auditAndReply), ROUTER)
                .addProcessor(LEGACY_AUDIT_STAGE, () -> new LegacyAuditStage(auditAndReply), ROUTER)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMAIL_CLAIMS_STORE),
                        Serdes.String(), StateSerdes.emailClaims()), EMAIL_CLAIMS_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USERS_STORE),
                        Serdes.String(), StateSerdes.users()), USERS_STAGE, SESSIONS_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SESSIONS_STORE),
                        Serdes.String(), StateSerdes.userSessions()), SESSIONS_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ADDRESS_FAILURES_STORE),
                        Serdes.String(), StateSerdes.addressFailures()), ADDRESS_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDEMPOTENCY_STORE),
                        Serdes.String(), StateSerdes.idempotency()), IDEMPOTENCY_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDEMPOTENCY_EXPIRY_STORE),
                        Serdes.String(), Serdes.String()), IDEMPOTENCY_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANALYSES_STORE),
                        Serdes.String(), StateSerdes.analyses()), ANALYSES_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDICATORS_STORE),
                        Serdes.String(), StateSerdes.indicators()), INDICATORS_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LEGACY_AUDIT_STORE),
                        Serdes.String(), Serdes.String()), LEGACY_AUDIT_STAGE)
                .addSink(COMMANDS_SINK, topics.commands(), keys, serdes.commands().serializer(),
                        EMAIL_CLAIMS_STAGE, USERS_STAGE, SESSIONS_STAGE, IDEMPOTENCY_STAGE, ANALYSES_STAGE,
                        INDICATORS_STAGE, PROJECTION_ADMIN_STAGE)
                .addSink(USER_EVENTS_SINK, topics.userEvents(), keys, serdes.userEvents().serializer(), USERS_STAGE)
                .addSink(SESSION_EVENTS_SINK, topics.sessionEvents(), keys, serdes.sessionEvents().serializer(),
                        SESSIONS_STAGE, ADDRESS_STAGE)
                .addSink(ANALYSIS_EVENTS_SINK, topics.analysisEvents(), keys, serdes.analysisEvents().serializer(),
                        ANALYSES_STAGE)
                .addSink(THREAT_INTEL_EVENTS_SINK, topics.threatIntelEvents(), keys,
                        serdes.threatIntelEvents().serializer(), INDICATORS_STAGE)
                .addSink(AUDIT_EVENTS_SINK, topics.auditEvents(), keys, serdes.auditEvents().serializer(), auditing)
                .addSink(REPLIES_SINK, topics.commandReplies(), keys, serdes.replies().serializer(), deciding);
    }
}
