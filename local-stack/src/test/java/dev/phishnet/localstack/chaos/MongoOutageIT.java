package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, point 3: MongoDB stopped under load, for {@code chaos.mongo.outage} seconds (default 30), then started
 * again on the same data. Kafka is the system of record, so while the read models' store is away commands keep being
 * accepted exactly as before, queries answer 503 {@code application/problem+json} with {@code Retry-After} within
 * {@code platform.read-models.timeout}, no service restarts, and health says MongoDB is down. Once it is back the
 * projector resumes from its checkpoints by itself: what was accepted during the outage shows in the queries, and the
 * whole run passes the {@link Verifier} (no loss, no duplicate), has no email twice and no parked event, and its read
 * models equal a fresh rebuild byte for byte. ./run.sh runs Kafka, the registry and the development issuer against
 * this test's own MongoDB ({@link MongoServer}, {@code PHISHNET_MONGODB_URI}); the services are the test's JVMs.
 */
@Tag("chaos")
class MongoOutageIT {

    private static final Logger log = LoggerFactory.getLogger(MongoOutageIT.class);
    private static final int CLIENTS = 3;
    /** command-api's {@code platform.read-models.timeout} (its default), and the slack a loaded machine gets on it. */
    private static final Duration READ_MODELS_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MARGIN = Duration.ofSeconds(2);
    /** The consumer groups of the projector's two applications (generation 1). */
    private static final List<String> PROJECTOR_GROUPS = List.of("phishnet-projector", "phishnet-projector-aggregates");
    private static final List<String> QUERIES = List.of("/api/v1/users", "/api/v1/audit", "/api/v1/analyses",
            "/api/v1/threat-intel");

    private final Path root = Path.of(System.getProperty("phishnet.root", "..")).toAbsolutePath().normalize();
    private final Duration outage = Duration.ofSeconds(Long.getLong("chaos.mongo.outage", 30));

    @Test
    void commandsAreAcceptedQueriesAnswer503AndTheProjectorCatchesUpWithNoLossAndNoDuplicate() throws Exception {
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        var workDir = Files.createTempDirectory(base, "mongo-outage-");
        log.info("MongoDB outage in {}: {} s", workDir, outage.toSeconds());
        var started = System.nanoTime();
        Map<String, Long> counts = new TreeMap<>();
        try (var mongo = new MongoServer(root, workDir)) {
            mongo.start();
            mongo.awaitReady(ChaosStack.START_TIMEOUT);
            Load load = null;
            QueryProbe queries = null;
            try (var stack = ChaosStack.start(root, workDir, Map.of("PHISHNET_MONGODB_URI", mongo.uri()), Map.of())) {
                var services = stack.services();
                load = new Load(stack.api(), stack.infrastructure().issuer(), CLIENTS);
                queries = new QueryProbe(stack);
                var warm = load;
                var probe = queries;
                await("the load under way, the queries answering").atMost(ChaosStack.START_TIMEOUT)
                        .until(() -> warm.answered() >= 20 && probe.answered(200) >= QUERIES.size());

                // ---- the outage ----------------------------------------------------------------------------------
                mongo.stop();
                long outageStarted = System.nanoTime();
                int commandsBefore = load.sent().size();
                log.info("MongoDB stopped (SIGTERM) after {} requests; starting it again in {} s", commandsBefore,
                        outage.toSeconds());
                // The two command paths that read a read model, to tell 403 from 404 or to find a session's user: a
                // clear 503 the client may retry (the load's commands never take them).
                var user = stack.devToken("outage-user", "user");
                var needingReadModels = List.of(
                        queries.exchange("DELETE", "/api/v1/sessions/" + UUID.randomUUID(), user, null),
                        queries.exchange("PATCH", "/api/v1/users/" + UUID.randomUUID() + "/profile", user,
                                "{\"bio\":\"outage\"}"));
                var health = new HealthSeen();
                await("the end of the outage").atMost(outage.plusMinutes(1)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            assertThat(services).allSatisfy(service -> assertThat(service.alive())
                                    .as("%s alive during the outage; see %s", service.name(), service.log()).isTrue());
                            health.look(stack, "mongo", "DOWN");
                            return System.nanoTime() - outageStarted >= outage.toNanos();
                        });
                int commandsDuring = load.sent().size();
                long outageEnded = System.nanoTime();
                mongo.start();
                mongo.awaitReady(ChaosStack.START_TIMEOUT);
                long back = System.nanoTime();
                log.info("MongoDB started again on the same data and port");
                try (var admin = stack.admin()) {
                    var publishedUntilBack = ends(admin);
                    // The projector's own checkpoints (its groups' commits follow its writes to MongoDB) pass
                    // everything published until MongoDB came back: it resumed from where it stopped, by itself.
                    for (var group : PROJECTOR_GROUPS) {
                        await(group + " past what was published until MongoDB came back")
                                .atMost(ChaosStack.CAUGHT_UP).pollInterval(Duration.ofMillis(250))
                                .until(() -> committedPast(admin, group, publishedUntilBack));
                        counts.put("after: seconds until " + group + " committed past what was published until "
                                + "MongoDB came back", Duration.ofNanos(System.nanoTime() - back).toSeconds());
                    }
                }

                // ---- during: commands as usual, queries 503 in time, services up, health DOWN ---------------------
                var duringOutage = load.sent().subList(commandsBefore, commandsDuring);
                duringOutage.forEach(request -> counts.merge("outage: commands " + request.kind() + " "
                        + request.status(), 1L, Long::sum));
                var outageQueries = queries.within(outageStarted, outageEnded);
                outageQueries.forEach(query -> counts.merge("outage: queries " + query.status() + " "
                        + query.contentType(), 1L, Long::sum));
                needingReadModels.forEach(command -> counts.merge("outage: commands that read a read model "
                        + command.status() + " " + command.contentType(), 1L, Long::sum));
                long maxQueryMillis = Stream.concat(outageQueries.stream(), needingReadModels.stream())
                        .mapToLong(Query::millis).max().orElse(-1);
                counts.put("outage: max query answer ms", maxQueryMillis);
                counts.put("outage: seconds", Duration.ofNanos(outageEnded - outageStarted).toSeconds());
                assertThat(health.seen()).as("services whose health said MongoDB DOWN during the outage")
                        .containsExactlyInAnyOrder("command-api", "projector");

                // ---- after: queries 200 again, what was accepted during the outage visible, caught up -------------
                var operator = stack.devToken("operator-1", "admin");
                await("queries answering 200 again").atMost(ChaosStack.CAUGHT_UP).pollInterval(Duration.ofMillis(500))
                        .until(() -> QUERIES.stream().allMatch(path -> probe.status(path, operator) == 200));
                counts.put("after: ms until the first query answered 200", probe.within(back, System.nanoTime())
                        .stream().filter(query -> query.status() == 200).mapToLong(Query::endedNanos).min()
                        .stream().map(answered -> TimeUnit.NANOSECONDS.toMillis(answered - back)).findFirst()
                        .orElse(-1));
                var acceptedDuring = duringOutage.stream().filter(Sent::succeeded)
                        .filter(request -> request.resourceId() != null && (request.kind() == Kind.REGISTER
                                || request.kind() == Kind.REQUEST_ANALYSIS)).toList();
                // Each looked up until found once: a long outage accepts more than one pass of lookups could
                // check in time.
                var notFoundYet = new ArrayList<>(acceptedDuring.stream().map(request ->
                        (request.kind() == Kind.REGISTER ? "/api/v1/users/" : "/api/v1/analyses/")
                                + request.resourceId()).toList());
                await("what was accepted during the outage visible").atMost(ChaosStack.CAUGHT_UP)
                        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                            notFoundYet.removeIf(path -> probe.status(path, operator) == 200);
                            assertThat(notFoundYet).as("users and analyses accepted during the outage, not found")
                                    .isEmpty();
                        });
                counts.put("after: seconds until the outage's users and analyses are visible",
                        Duration.ofNanos(System.nanoTime() - back).toSeconds());
                counts.put("after: users and analyses accepted during the outage, checked", (long) acceptedDuring.size());
                await("load after the outage").atMost(ChaosStack.START_TIMEOUT)
                        .until(() -> warm.sent().size() >= commandsDuring + 20);
                load.close();
                queries.close();
                var sent = load.sent();
                assertThat(services).allSatisfy(service -> assertThat(service.alive())
                        .as("%s alive after the outage; see %s", service.name(), service.log()).isTrue());
                var healthAfter = new HealthSeen();
                await("MongoDB UP in every service's health").atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> healthAfter.look(stack, "mongo", "UP").size() == 2);

                // ---- no loss, no duplicate --------------------------------------------------------------------------
                try (var admin = stack.admin()) {
                    long catchingUp = System.nanoTime();
                    ChaosStack.awaitCaughtUp(admin);
                    counts.put("after: seconds for every consumer group to catch up once the load stopped",
                            Duration.ofNanos(System.nanoTime() - catchingUp).toSeconds());
                    var topics = new ArrayList<>(Verifier.DOMAIN_TOPICS);
                    topics.add(Verifier.COMMANDS);
                    topics.add(Verifier.AUDIT);
                    var infrastructure = stack.infrastructure();
                    var read = EventLog.read(infrastructure.kafka(), infrastructure.registry(), topics);
                    var parked = EventLog.read(infrastructure.kafka(), infrastructure.registry(),
                            List.of("projector-dlq")).getOrDefault("projector-dlq", List.of());
                    var parkedListed = probe.body("/api/v1/admin/projections/dlq", operator);
                    try (var client = MongoClients.create(mongo.uri())) {
                        var db = client.getDatabase("phishnet");
                        var verifier = new Verifier();
                        verifier.verify(sent, read, ReadModels.auditDocumentsByCommand(db, "audit_logs"));
                        counts.putAll(verifier.counts());
                        List<String> duplicates = new ArrayList<>(ReadModels.duplicateEmails(db, "users"));

                        stack.rebuildTo(2);
                        ChaosStack.awaitCaughtUp(admin);
                        var compared = ReadModels.compare(db);
                        duplicates.addAll(ReadModels.duplicateEmails(db, "users_g2"));
                        compared.forEach(c -> counts.put("read-model documents compared: " + c.collection(), c.live()));
                        counts.put("run seconds", Duration.ofNanos(System.nanoTime() - started).toSeconds());

                        var report = report(counts, verifier, compared, duplicates);
                        log.info("MongoDB outage report:\n{}", report);
                        Files.writeString(workDir.resolve("report.txt"), report);

                        assertThat(duringOutage).as("commands answered during the outage").isNotEmpty()
                                .allSatisfy(request -> assertThat(request.status())
                                        .as("%s during the outage: %s", request.kind(), request.detail())
                                        .isBetween(200, 499));
                        assertThat(duringOutage).as("commands accepted during the outage").anyMatch(Sent::succeeded);
                        assertThat(Stream.concat(outageQueries.stream(), needingReadModels.stream()).toList())
                                .as("queries (and commands that read a read model) answered during the outage")
                                .hasSizeGreaterThan(needingReadModels.size())
                                .allSatisfy(query -> {
                                    assertThat(query.status()).as("%s", query).isEqualTo(503);
                                    assertThat(query.contentType()).as("%s", query)
                                            .startsWith("application/problem+json");
                                    assertThat(query.retryAfter()).as("%s Retry-After", query).isNotBlank();
                                });
                        assertThat(Duration.ofMillis(maxQueryMillis)).as("longest query answer during the outage")
                                .isLessThanOrEqualTo(READ_MODELS_TIMEOUT.plus(MARGIN));
                        assertThat(verifier.problems()).as("answers that the topics or the audit trail contradict")
                                .isEmpty();
                        assertThat(duplicates).as("users with one email twice").isEmpty();
                        assertThat(parked).as("records the projector parked").isEmpty();
                        assertThat(parkedListed).as("GET /api/v1/admin/projections/dlq").contains("\"items\":[]");
                        ReadModels.assertEqualToRebuild(compared);
                    }
                }
            } finally {
                if (load != null) {
                    load.close();
                }
                if (queries != null) {
                    queries.close();
                }
            }
        }
    }

    /** The last stable offset of every partition of the topics the projector reads. */
    private static Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        var topics = new ArrayList<>(Verifier.DOMAIN_TOPICS);
        topics.add(Verifier.AUDIT);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                .forEach(partition -> latest.put(new TopicPartition(topic, partition.partition()),
                        OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Whether the group has committed, on every partition of {@code ends} it reads, at least up to there. */
    private static boolean committedPast(Admin admin, String group, Map<TopicPartition, Long> ends) throws Exception {
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return !committed.isEmpty() && ends.entrySet().stream().allMatch(end -> committed.get(end.getKey()) == null
                || committed.get(end.getKey()).offset() >= end.getValue());
    }

    private static String report(Map<String, Long> counts, Verifier verifier, List<ReadModels.Compared> compared,
            List<String> duplicates) {
        return new RunReport(counts, "the outage", compared).withProblems(verifier, compared, duplicates);
    }

    /** Which services' health showed a component in a state. */
    private static final class HealthSeen {

        private final List<String> seen = new ArrayList<>();

        /** Looks once at every service's health; returns the services seen so far with {@code component} {@code state}. */
        List<String> look(ChaosStack stack, String component, String state) throws Exception {
            for (var service : List.of("command-api", "projector")) {
                var port = stack.infrastructure().port("PHISHNET_" + service.toUpperCase().replace('-', '_') + "_PORT");
                var health = stack.get("http://127.0.0.1:" + port + "/actuator/health/" + component);
                if (health != null && health.body().startsWith("{") && !seen.contains(service)
                        && state.equals(JSONObjectUtils.parse(health.body()).get("status"))) {
                    seen.add(service);
                }
            }
            return seen;
        }

        List<String> seen() {
            return List.copyOf(seen);
        }
    }

    /** One query and its answer. */
    private record Query(String request, long startedNanos, long endedNanos, int status, String contentType,
            String retryAfter) {

        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(endedNanos - startedNanos);
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + contentType + " in " + millis() + " ms";
        }
    }

    /**
     * An admin's queries, one after the other, round the read models ({@link #QUERIES}), from a thread of their own;
     * each answer with when it was asked and answered.
     */
    private static final class QueryProbe implements AutoCloseable {

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final ChaosStack stack;
        private final Queue<Query> answers = new ConcurrentLinkedQueue<>();
        private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
        private String token;
        private long tokenAt;
        private int next;

        QueryProbe(ChaosStack stack) {
            this.stack = stack;
            // A client's pace: a pause after each answer (a slow answer delays the next query).
            thread.scheduleWithFixedDelay(this::askNext, 0, 200, TimeUnit.MILLISECONDS);
        }

        private void askNext() {
            var path = QUERIES.get(next++ % QUERIES.size());
            long asked = System.nanoTime();
            try {
                if (token == null || asked - tokenAt > TimeUnit.MINUTES.toNanos(5)) {
                    token = stack.devToken("operator-1", "admin");
                    tokenAt = asked;
                }
                var response = send(path, token);
                answers.add(new Query("GET " + path, asked, System.nanoTime(), response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""),
                        response.headers().firstValue("Retry-After").orElse("")));
            } catch (Exception noAnswer) {
                answers.add(new Query("GET " + path, asked, System.nanoTime(), 0, noAnswer.toString(), ""));
            }
        }

        /** One request now, from the calling thread, and its answer. */
        Query exchange(String method, String path, String token, String json) throws Exception {
            long asked = System.nanoTime();
            var response = http.send(HttpRequest.newBuilder(URI.create(stack.api() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Query(method + " " + path, asked, System.nanoTime(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(""));
        }

        HttpResponse<String> send(String path, String token) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(stack.api() + path))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** The status of one query now; 0 when nothing answers. */
        int status(String path, String token) {
            try {
                return send(path, token).statusCode();
            } catch (Exception noAnswer) {
                return 0;
            }
        }

        String body(String path, String token) throws Exception {
            var response = send(path, token);
            assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
            return response.body();
        }

        long answered(int status) {
            return answers.stream().filter(query -> query.status() == status).count();
        }

        /** The queries asked and answered between two moments ({@code System.nanoTime()}). */
        List<Query> within(long from, long to) {
            Predicate<Query> inside = query -> query.startedNanos() >= from && query.endedNanos() <= to;
            return answers.stream().filter(inside).toList();
        }

        @Override
        public void close() throws InterruptedException {
            thread.shutdown();
            thread.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}
