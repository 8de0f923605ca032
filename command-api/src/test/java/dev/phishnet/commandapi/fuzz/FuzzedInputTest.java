package dev.phishnet.commandapi.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.ECKey;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.token.TestSigningKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;

/**
 * Fuzzed input against the whole command API (real Netty server, the command processor on an embedded KRaft broker,
 * mongo-java-server with the real driver): {@code chaos.fuzz.requests} generated bad requests (default 10,000, seed
 * {@code chaos.fuzz.seed}) spread over every endpoint the application maps and every {@link Kind} of bad input. The API
 * must answer every one, within 10 s, with a 4xx {@code application/problem+json} (never a 5xx, never a 2xx to a
 * state-changing request), and no refused request may leave a trace: no new event on the event topics, no change in
 * any MongoDB collection, nothing of another tenant in any answer.
 *
 * <p>The one exception to problem+json: a request the HTTP codec cannot parse as HTTP at all (malformed request line
 * or header block, headers over the size limit, a request line over its limit) is answered by Reactor Netty itself,
 * before any application code, with a bodiless 400, 413, 414 or 431. {@link Verdicts} admits exactly those.
 */
@Tag("chaos")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.schema-registry.url=mock://fuzzed-input",
        "platform.processor.application-id=fuzzed-input",
        "platform.registration.open=true",
        "platform.registration.default-tenant=" + FuzzedInputTest.TENANT,
        "platform.operations.operator-tenant=" + FuzzedInputTest.OPERATORS,
        "platform.commands.reply-timeout=20s",
        // Rate limiting must not mask the answers under test (a 429 problem would still count as a refusal).
        "platform.rate-limit.auth-per-minute=100000000",
        "platform.rate-limit.default-per-minute=100000000",
        // As a deployment behind a proxy runs: the forwarded headers are then parsed, and fuzzed too.
        "server.forward-headers-strategy=framework",
        "logging.level.dev.phishnet=WARN",
        "logging.level.org.apache.kafka=WARN",
        "logging.level.org.springframework.web=ERROR"})
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class FuzzedInputTest {

    static final String TENANT = "tenant-a";
    static final String OPERATORS = "operators";
    /** Every document of tenant B carries it: an answer to tenant A's caller that contains it leaked. */
    static final String OTHER_TENANT_MARKER = "tenant-b-marker";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int CLIENTS = 4;

    private static final MongoServer mongo = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = mongo.bindAndGetConnectionString() + "/phishnet";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
        registry.add("platform.processor.state-dir",
                () -> Path.of("target", "processor-state", UUID.randomUUID().toString()).toString());
        TestSigningKeys.register(registry);
    }

    @AfterAll
    static void stopMongo() {
        mongo.shutdownNow();
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    AccessTokens tokens;

    @Autowired
    ReactiveMongoTemplate mongoTemplate;

    @Autowired
    EmbeddedKafkaBroker kafka;

    @Autowired
    CommandApiProperties properties;

    @Value("${platform.tokens.issuer}")
    String issuer;

    @Test
    void everyFuzzedRequestIsRefusedWithAProblemAndChangesNothing() throws Exception {
        int requests = Integer.getInteger("chaos.fuzz.requests", 10_000);
        long seed = Long.getLong("chaos.fuzz.seed", 20_261_123L);
        System.out.printf("Fuzzing with %d requests, seed %d (-Dchaos.fuzz.seed=%d reproduces this run)%n",
                requests, seed, seed);

        Seed seeded = Seed.plant(port, tokens, mongoTemplate);
        List<Endpoint> endpoints = Endpoint.of(context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values());
        assertThat(endpoints).as("endpoints read from the application").hasSizeGreaterThan(20)
                .anySatisfy(endpoint -> assertThat(endpoint.pattern()).isEqualTo("/api/v1/users/{id}/roles"));
        Map<String, Set<String>> methodsByPattern = endpoints.stream().collect(Collectors.groupingBy(
                Endpoint::pattern, Collectors.mapping(Endpoint::method, Collectors.toCollection(TreeSet::new))));

        ECKey realKey = TestSigningKeys.jwk(TestSigningKeys.sharedKeyFile(), null).toECKey();
        BadTokens badTokens = new BadTokens(realKey, issuer, seeded.tenantToken(), TENANT, seeded.userId());
        Mutations mutations = new Mutations(new Mutations.Target(port, endpoints, methodsByPattern, seeded.ids(),
                seeded.tenantToken(), seeded.operatorToken(), badTokens, new BodyShapes(seeded.userId()),
                properties.http().maxBodySize().toBytes(), properties.http().maxAnalysisBodySize().toBytes()), seed);

        EventTopics topics = new EventTopics(kafka.getBrokersAsString(), List.of(
                properties.topics().userEvents().name(), properties.topics().sessionEvents().name(),
                properties.topics().analysisEvents().name(), properties.topics().threatIntelEvents().name()));
        // Commands and audit entries may grow: a fuzzed request that reached the processor (an id that names nothing) is
        // decided as a rejection, which the processor audits; a rejection has no event.
        EventTopics decisions = new EventTopics(kafka.getBrokersAsString(), List.of(
                properties.topics().commands().name(), properties.topics().auditEvents().name()));
        Map<String, Long> decisionsBefore = decisions.count();
        Map<String, Long> eventsBefore = topics.count();
        Map<String, String> collectionsBefore = ReadModels.checksums(mongoTemplate);

        long started = System.nanoTime();
        List<Verdicts.Outcome> outcomes = send(mutations, requests);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        Verdicts verdicts = new Verdicts(outcomes, OTHER_TENANT_MARKER);
        System.out.println(verdicts.summary(elapsed));
        java.nio.file.Files.write(Path.of("target", "fuzz-failures.txt"), verdicts.failures());

        // Every request has been answered, so every command one sent has been decided: the topics are final.
        Map<String, Long> eventsAfter = topics.count();
        Map<String, String> collectionsAfter = ReadModels.checksums(mongoTemplate);
        Map<String, Long> decisionsAfter = decisions.count();
        System.out.printf("Reached the processor (decided, rejected): commands %d, audit entries %d%n",
                decisionsAfter.get(properties.topics().commands().name())
                        - decisionsBefore.get(properties.topics().commands().name()),
                decisionsAfter.get(properties.topics().auditEvents().name())
                        - decisionsBefore.get(properties.topics().auditEvents().name()));
        assertSoftly(softly -> {
            softly.assertThat(verdicts.failures())
                    .as("requests answered wrongly (5xx, hung, not a problem, accepted, leaked); all in "
                            + "target/fuzz-failures.txt").isEmpty();
            softly.assertThat(eventsAfter).as("events on the event topics").isEqualTo(eventsBefore);
            softly.assertThat(collectionsAfter).as("MongoDB collections").isEqualTo(collectionsBefore);
        });
    }

    private List<Verdicts.Outcome> send(Mutations mutations, int requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (RawHttpClient http = new RawHttpClient(port, TIMEOUT)) {
            List<Future<Verdicts.Outcome>> futures = new ArrayList<>(requests);
            for (int i = 0; i < requests; i++) {
                int index = i;
                futures.add(clients.submit(() -> {
                    FuzzRequest request = mutations.request(index);
                    long start = System.nanoTime();
                    RawHttpClient.Result result = http.send(request.head(), request.wireBody(), request.isHead());
                    return new Verdicts.Outcome(index, request, result, System.nanoTime() - start);
                }));
            }
            List<Verdicts.Outcome> outcomes = new ArrayList<>(requests);
            for (Future<Verdicts.Outcome> future : futures) {
                outcomes.add(future.get(2, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            clients.shutdownNow();
        }
    }
}
