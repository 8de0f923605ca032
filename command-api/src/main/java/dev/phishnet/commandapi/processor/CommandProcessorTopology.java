package dev.phishnet.commandapi.processor;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The command processor as a pure function of its topics, serdes and clock. Reads top to bottom:
 *
 * <pre>
 * commands ─► route-by-key ─┬─ idem:&lt;t&gt;:&lt;a&gt;:&lt;k&gt; ─► idempotency-stage [idempotency, idempotency-expiry]
 *                           │      ├► commands (email:&lt;e&gt; or user:&lt;id&gt;) the first use of a key
 *                           │      └► command-replies (repeats), audit-events (a key reused for another request)
 *                           ├─ email:&lt;e&gt; ─► email-claims-stage [email-claims] ─► commands (user:&lt;id&gt;)
 *                           │                                                  └► audit-events, command-replies (refused)
 *                           └─ user:&lt;id&gt; ─► users-stage [users] ─► user-events, audit-events, command-replies
 *                                                                └► commands (email:&lt;e&gt;, ReleaseEmail) when a
 *                                                                   registration is refused after its claim
 * </pre>
 *
 * Each aggregate has one writer: its partition of {@code commands}. A registration crosses two partitions (its email's,
 * then its user's) through the {@code commands} topic itself, so that each hop commits atomically with exactly-once.
 * A command sent with an idempotency key makes one more hop first, through its key's partition, and whichever stage
 * decides it sends the outcome back there ({@code RecordIdempotentOutcome} on {@code commands}, same transaction as
 * the reply).
 */
public final class CommandProcessorTopology {

    public static final String SOURCE = "commands-source";
    public static final String ROUTER = "route-by-key";
    public static final String EMAIL_CLAIMS_STAGE = "email-claims-stage";
    public static final String USERS_STAGE = "users-stage";
    public static final String IDEMPOTENCY_STAGE = "idempotency-stage";
    public static final String COMMANDS_SINK = "commands-sink";
    public static final String USER_EVENTS_SINK = "user-events-sink";
    public static final String AUDIT_EVENTS_SINK = "audit-events-sink";
    public static final String REPLIES_SINK = "command-replies-sink";
    public static final String EMAIL_CLAIMS_STORE = "email-claims";
    public static final String USERS_STORE = "users";
    public static final String IDEMPOTENCY_STORE = "idempotency";
    public static final String IDEMPOTENCY_EXPIRY_STORE = "idempotency-expiry";

    private CommandProcessorTopology() {}

    /**
     * @param clock stamps decidedAt and occurredAt, and dates idempotency keys; fixed in tests
     * @param idempotencyWindow how long an idempotency key is remembered after its first use
     */
    public static Topology build(CommandProcessorTopics topics, CommandProcessorSerdes serdes, Clock clock,
            Duration idempotencyWindow) {
        AuditAndReply auditAndReply = new AuditAndReply(clock);
        StringSerializer keys = new StringSerializer();
        return new Topology()
                .addSource(SOURCE, new StringDeserializer(), serdes.commands().deserializer(), topics.commands())
                .addProcessor(ROUTER, CommandRouter::new, SOURCE)
                .addProcessor(EMAIL_CLAIMS_STAGE, () -> new EmailClaimStage(auditAndReply, clock), ROUTER)
                .addProcessor(USERS_STAGE, () -> new UserStage(auditAndReply, clock), ROUTER)
                .addProcessor(IDEMPOTENCY_STAGE, () -> new IdempotencyStage(auditAndReply, clock, idempotencyWindow),
                        ROUTER)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EMAIL_CLAIMS_STORE),
                        Serdes.String(), StateSerdes.emailClaims()), EMAIL_CLAIMS_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USERS_STORE),
                        Serdes.String(), StateSerdes.users()), USERS_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDEMPOTENCY_STORE),
                        Serdes.String(), StateSerdes.idempotency()), IDEMPOTENCY_STAGE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDEMPOTENCY_EXPIRY_STORE),
                        Serdes.String(), Serdes.String()), IDEMPOTENCY_STAGE)
                .addSink(COMMANDS_SINK, topics.commands(), keys, serdes.commands().serializer(),
                        EMAIL_CLAIMS_STAGE, USERS_STAGE, IDEMPOTENCY_STAGE)
                .addSink(USER_EVENTS_SINK, topics.userEvents(), keys, serdes.userEvents().serializer(), USERS_STAGE)
                .addSink(AUDIT_EVENTS_SINK, topics.auditEvents(), keys, serdes.auditEvents().serializer(),
                        EMAIL_CLAIMS_STAGE, USERS_STAGE, IDEMPOTENCY_STAGE)
                .addSink(REPLIES_SINK, topics.commandReplies(), keys, serdes.replies().serializer(),
                        EMAIL_CLAIMS_STAGE, USERS_STAGE, IDEMPOTENCY_STAGE);
    }
}
