package dev.phishnet.commandapi;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.phishnet.commandapi.security.CorsSettings;
import dev.phishnet.commandapi.security.RateLimitSettings;
import dev.phishnet.commandapi.security.RegistrationSettings;
import dev.phishnet.commandapi.security.SecuritySettings;
import dev.phishnet.commandapi.token.TokenSettings;
import dev.phishnet.service.SchemaRegistrySettings;
import dev.phishnet.service.ServiceSettings;
import dev.phishnet.service.topics.Topic;
import dev.phishnet.service.topics.TopicSet;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the command API, bound from {@code platform.*}. The defaults, which run the local stack, live in
 * {@code application.yml} beside this service, so that every key and its default can be read in one place.
 *
 * @param schemaRegistry the Confluent-compatible registry holding the Avro schemas of every command and event
 * @param topics the topics this service writes or reads: the HTTP layer writes {@code commands} and reads
 *     {@code command-replies}; the command processor it hosts writes every event topic
 * @param processor the command processor (a Kafka Streams application) this service hosts
 * @param http limits of the REST API
 * @param commands how the REST API publishes commands and waits for their outcome
 * @param queries how queries honour a consistency token
 * @param security the token issuers the API trusts
 * @param registration who may register without a token, and into which tenant
 * @param sessions sign-in sessions: their limits, deadlines, lockout and one-time codes
 * @param tokens the access tokens the API signs itself: issuer, lifetime and signing keys
 * @param rateLimit requests per minute per client under {@code /api}
 * @param cors which browser origins may call the API
 */
@ConfigurationProperties("platform")
public record CommandApiProperties(
        SchemaRegistrySettings schemaRegistry,
        Topics topics,
        Processor processor,
        Http http,
        Commands commands,
        Queries queries,
        @DefaultValue SecuritySettings security,
        @DefaultValue RegistrationSettings registration,
        Sessions sessions,
        TokenSettings tokens,
        @DefaultValue RateLimitSettings rateLimit,
        @DefaultValue CorsSettings cors) implements ServiceSettings {

    public CommandApiProperties {
        if (sessions != null && sessions.revocationLookback() != null && tokens != null
                && sessions.revocationLookback().compareTo(tokens.accessTokenTtl()) < 0) {
            // An instance starting later would not hear of a session that ended while its tokens are still valid.
            throw new IllegalArgumentException("platform.sessions.revocation-lookback (" + sessions.revocationLookback()
                    + ") must be at least platform.tokens.access-token-ttl (" + tokens.accessTokenTtl() + ")");
        }
    }

    /**
     * @param maxSessions concurrent sessions per user unless the user's security settings say otherwise; a login
     *     beyond it evicts the oldest
     * @param idleTimeout a session not refreshed for this long expires (each refresh moves the deadline)
     * @param absoluteTimeout a session expires this long after it started, refreshed or not
     * @param bindUserAgent when true, a refresh from a user agent other than the session's is refused and audited
     * @param hashSecret key of the HMAC-SHA256 under which refresh tokens and one-time codes are hashed before they
     *     reach a topic; at least 32 characters, the same on every instance, and secret: a deployment sets its own.
     *     Changing it voids every refresh token and code issued before
     * @param revocationLookback how far back in {@code session-events} an instance starts following at start-up: at
     *     least the access-token lifetime plus the longest lock, so that no ended session or lock in force is missed
     * @param lockout brute-force protection, per user and per client address
     * @param oneTimeCodes sign-in codes sent to the user's address
     */
    public record Sessions(int maxSessions, Duration idleTimeout, Duration absoluteTimeout, boolean bindUserAgent,
            String hashSecret, Duration revocationLookback, Lockout lockout, OneTimeCodes oneTimeCodes) {

        public Sessions {
            if (hashSecret == null || hashSecret.strip().length() < Commands.MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("platform.sessions.hash-secret is required, at least "
                        + Commands.MIN_SECRET_LENGTH + " characters");
            }
            if (maxSessions < 1) {
                throw new IllegalArgumentException("platform.sessions.max-sessions must be at least 1");
            }
        }

        /**
         * @param threshold failures within {@code window} that lock
         * @param window how far back failures count
         * @param firstLock the first lock's length; each further lock before a success doubles it
         * @param maxLock the longest lock
         */
        public record Lockout(int threshold, Duration window, Duration firstLock, Duration maxLock) {
        }

        /**
         * @param validity how long a code can be used
         * @param maxAttempts wrong codes after which the live codes are void
         * @param maxIssued codes issued per address within {@code issueWindow}; more are silently not sent
         * @param issueWindow see {@code maxIssued}
         * @param sender how codes reach the user: {@code none} (the code endpoints answer 404), {@code webhook}
         *     (POSTed as JSON to {@code webhookUrl}, e.g. the organisation's mail gateway, or ./run.sh's development
         *     mailbox) or {@code console} (printed to the service's standard output, clearly marked: for a local stack
         *     without its development issuer only, never elsewhere)
         * @param webhookUrl where the {@code webhook} sender POSTs {@code {"email", "code", "validForSeconds"}}
         */
        public record OneTimeCodes(Duration validity, int maxAttempts, int maxIssued, Duration issueWindow,
                String sender, URI webhookUrl) {
        }
    }

    /**
     * @param enabled whether this instance runs the command processor; every instance normally does (partitions are
     *     shared among them), tests that need no processor turn it off
     * @param applicationId the Kafka Streams {@code application.id}: consumer group, transactional id prefix and
     *     prefix of the changelog topics; changing it starts from empty state
     * @param stateDir where the state stores live (RocksDB); relative paths resolve against the working directory,
     *     kept out of the OS temp directory, which may be wiped under a running instance
     * @param commitInterval how often the processor commits its transaction (state, events, audit, replies,
     *     offsets): the floor of a command's latency under exactly-once
     */
    public record Processor(boolean enabled, String applicationId, Path stateDir, Duration commitInterval) {
    }

    /**
     * @param maxBodySize largest request body accepted; a larger one is answered 400 before it is decoded
     * @param maxAnalysisBodySize the same for {@code POST /api/v1/analyses} alone, whose body may carry 500 URLs of
     *     8 KiB each; absent means {@code maxBodySize}. Kafka must take such a command: the {@code commands} and
     *     {@code analysis-events} topics' {@code max-message-bytes} and the producers' {@code max.request.size} follow
     * @param readTimeout longest pause between two reads of one request (its head or body) before the server drops
     *     the connection: a client that stalls mid-request does not hold a connection and its buffers for ever
     * @param requestTimeout longest time to read one whole request, however steadily it trickles in
     * @param trustedProxies addresses and CIDR ranges of the proxies whose forwarded headers count (with
     *     {@code server.forward-headers-strategy=framework}); default loopback and the private ranges
     */
    public record Http(DataSize maxBodySize, DataSize maxAnalysisBodySize, Duration readTimeout,
            Duration requestTimeout, List<String> trustedProxies) {

        public Http {
            if (maxAnalysisBodySize == null) {
                maxAnalysisBodySize = maxBodySize;
            }
            if (readTimeout == null) {
                readTimeout = Duration.ofSeconds(10);
            }
            if (requestTimeout == null) {
                requestTimeout = Duration.ofSeconds(30);
            }
            trustedProxies = trustedProxies == null
                    ? List.of("127.0.0.0/8", "::1", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
                    : List.copyOf(trustedProxies);
        }
    }

    /**
     * @param replyTimeout how long a request waits for its command's outcome (publish included) before answering 503
     * @param retryAfter the {@code Retry-After} a 503 answers with when the outcome is unknown
     * @param idempotencyWindow how long the command processor remembers an {@code Idempotency-Key} after its first
     *     use: a repeat within it gets the first outcome, a later one is decided afresh
     * @param idempotencySecret key of the HMAC-SHA256 that fingerprints requests sent with an {@code Idempotency-Key}
     *     (the fingerprint travels on {@code commands}; it covers passwords, so it must be keyed); at least 32
     *     characters, the same on every instance, and secret: a deployment sets its own. Changing it makes repeats of
     *     keys used before the change look like different requests (422) until their window passes
     */
    public record Commands(Duration replyTimeout, Duration retryAfter, Duration idempotencyWindow,
            String idempotencySecret) {

        public static final int MIN_SECRET_LENGTH = 32;

        public Commands {
            if (idempotencyWindow == null || idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
                throw new IllegalArgumentException("platform.commands.idempotency-window must be positive");
            }
            if (idempotencySecret == null || idempotencySecret.strip().length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("platform.commands.idempotency-secret is required, at least "
                        + MIN_SECRET_LENGTH + " characters");
            }
        }
    }

    /** @param consistencyWait how long a query carrying a consistency token waits for the read model to catch up */
    public record Queries(Duration consistencyWait) {
    }

    /**
     * @param replicationFactor replication factor of every topic created at start-up (1 on the local stack)
     * @param defaultPartitions partitions of a topic that does not set its own
     * @param commands commands to decide, keyed by the aggregate they target
     * @param commandReplies outcome of each decided command, keyed by correlation id
     * @param userEvents user events, keyed by user id
     * @param sessionEvents session events, keyed by user id
     * @param analysisEvents email analysis events, keyed by analysis id
     * @param threatIntelEvents threat-intelligence indicator events, keyed by normalized indicator
     * @param auditEvents one audit event per decided command: the public contract for downstream consumers
     */
    public record Topics(
            short replicationFactor,
            int defaultPartitions,
            Topic commands,
            Topic commandReplies,
            Topic userEvents,
            Topic sessionEvents,
            Topic analysisEvents,
            Topic threatIntelEvents,
            Topic auditEvents) implements TopicSet {

        @Override
        public List<Topic> all() {
            return List.of(commands, commandReplies, userEvents, sessionEvents, analysisEvents, threatIntelEvents,
                    auditEvents);
        }
    }
}
