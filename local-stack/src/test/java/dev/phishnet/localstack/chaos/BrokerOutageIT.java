package dev.phishnet.localstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, point 2: the broker stopped for {@code chaos.broker.outage} seconds (default 30) under load. The test runs
 * the broker itself ({@link KafkaBroker}, given to ./run.sh as {@code PHISHNET_KAFKA_BOOTSTRAP}) and the three
 * services ({@link ChaosStack}); a steady {@link Load} of commands and a prober of queries run throughout. The broker
 * is stopped as an operator would (SIGTERM, a controlled shutdown) and started again on the same data and ports.
 * What a user would check:
 * <ul>
 *   <li>during the outage every command is answered 503 {@code application/problem+json} with {@code Retry-After}
 *       (or refused with a 4xx when it is invalid on its face, which needs no broker) within the command reply
 *       timeout plus a margin; queries keep answering 200 from MongoDB;</li>
 *   <li>no 2xx for a command that was not stored: the {@link Verifier} over the whole run; and no command answered
 *       503 published long after (once its producer gave it up, it stays given up);</li>
 *   <li>recovery by itself: a new command succeeds within {@link #RECOVERY} of the broker being back, with the same
 *       three service processes (never restarted), command-api's processor RUNNING, every consumer caught up;</li>
 *   <li>the read models equal a fresh rebuild, no email twice; no secret of the load at rest (the failed sends are
 *       logged).</li>
 * </ul>
 * The counts are printed and written to {@code report.txt} in the run's directory.
 */
@Tag("chaos")
class BrokerOutageIT {

    private static final Logger log = LoggerFactory.getLogger(BrokerOutageIT.class);
    private static final int CLIENTS = 3;
    /** command-api's {@code platform.commands.reply-timeout} (its default: the test runs the service as shipped). */
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
    /** What the client may wait beyond it: the HTTP exchange, the event loop, a loaded 2-core machine. */
    private static final Duration MARGIN = Duration.ofSeconds(3);
    /** From the broker ready again to a new command's 2xx, at most. */
    private static final Duration RECOVERY = Duration.ofMinutes(3);

    private final Path root = Path.of(System.getProperty("phishnet.root", "..")).toAbsolutePath().normalize();
    private final Duration outage = Duration.ofSeconds(Integer.getInteger("chaos.broker.outage", 30));
    /** {@code -Dchaos.broker.kill=true}: SIGKILL instead of a controlled stop (no shutdown, nothing handed over). */
    private final boolean kill = Boolean.getBoolean("chaos.broker.kill");

    @Test
    void commandsAnswer503DuringTheOutageQueriesKeepAnsweringAndEverythingRecoversByItself() throws Exception {
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        var workDir = Files.createTempDirectory(base, "broker-outage-");
        log.info("Broker outage in {}: {} s, {}", workDir, outage.toSeconds(), kill ? "SIGKILL" : "SIGTERM");
        Map<String, Long> counts = new TreeMap<>();
        var broker = new KafkaBroker(root, workDir.resolve("kafka"), workDir.resolve("logs/kafka.log"));
        Load load = null;
        Queries queries = null;
        ChaosStack stack = null;
        try {
            broker.start();
            broker.awaitReady(ChaosStack.START_TIMEOUT);
            stack = ChaosStack.start(root, workDir, Map.of("PHISHNET_KAFKA_BOOTSTRAP", broker.bootstrap()), Map.of());
            var infrastructure = stack.infrastructure();
            var services = stack.services();
            var pids = services.stream().map(ServiceProcess::pid).toList();
            load = new Load(stack.api(), infrastructure.issuer(), CLIENTS);
            queries = new Queries(stack.api(), infrastructure.issuer());
            var loadStarted = System.nanoTime();
            var warm = load;
            await("the load under way").atMost(ChaosStack.START_TIMEOUT)
                    .until(() -> warm.sent().stream().filter(Sent::succeeded).count() >= 30);

            // ---- the outage ----
            long stopping = System.nanoTime();
            int exit = 137;
            if (kill) {
                broker.kill9();
            } else {
                exit = broker.stop();
            }
            long outageStart = System.nanoTime();
            log.info("Broker stopped ({}, exit status {}) in {} ms; out for {} s", kill ? "SIGKILL" : "SIGTERM", exit,
                    (outageStart - stopping) / 1_000_000, outage.toSeconds());
            await("the outage over, every service alive through it").atMost(outage.plusSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        assertThat(services).allSatisfy(service -> assertThat(service.alive())
                                .as("%s alive during the outage; see %s", service.name(), service.log()).isTrue());
                        return System.nanoTime() - outageStart >= outage.toNanos();
                    });
            long outageEnd = System.nanoTime();
            broker.start();
            broker.awaitReady(ChaosStack.START_TIMEOUT);
            long brokerReady = System.nanoTime();
            log.info("Broker ready again {} s after its start", (brokerReady - outageEnd) / 1_000_000_000.0);

            // ---- recovery ----
            var running = load;
            Predicate<Sent> storedCommandAfterReturn = request -> request.sentAt() >= brokerReady
                    && request.succeeded() && request.kind().command() && request.kind() != Kind.REQUEST_CODE;
            var firstSuccess = await("a new command's 2xx after the broker is back").atMost(RECOVERY)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> running.sent().stream().filter(storedCommandAfterReturn)
                            .min(Comparator.comparingLong(Sent::answeredAt)), Optional::isPresent)
                    .orElseThrow();
            double recoverySeconds = (firstSuccess.answeredAt() - brokerReady) / 1_000_000_000.0;
            log.info("First stored command after the broker's return: {} answered {} after {} s", firstSuccess.kind(),
                    firstSuccess.status(), recoverySeconds);
            await("the load going on after the recovery").atMost(RECOVERY)
                    .until(() -> running.sent().stream().filter(storedCommandAfterReturn).count() >= 30);
            services.forEach(stack::awaitReady);
            load.close();
            queries.close();
            counts.put("load seconds", Duration.ofNanos(System.nanoTime() - loadStarted).toSeconds());
            var sent = load.sent();
            log.info("Load stopped after {} requests; waiting for every consumer to catch up", sent.size());

            List<Sent> during = sent.stream()
                    .filter(request -> request.sentAt() >= outageStart && request.answeredAt() <= outageEnd).toList();
            List<Sent> after = sent.stream().filter(request -> request.sentAt() >= brokerReady).toList();
            during.forEach(request -> counts.merge("during the outage: commands answered " + status(request), 1L,
                    Long::sum));
            after.forEach(request -> counts.merge("after the broker is back: commands answered " + status(request),
                    1L, Long::sum));
            long maxDuring = during.stream().mapToLong(Sent::millis).max().orElse(0);
            counts.put("during the outage: slowest command answer (ms)", maxDuring);
            var queriesDuring = queries.between(outageStart, outageEnd);
            queriesDuring.forEach(query -> counts.merge("during the outage: queries answered " + query.status(), 1L,
                    Long::sum));
            long maxQueryDuring = queriesDuring.stream().mapToLong(Query::millis).max().orElse(0);
            counts.put("during the outage: slowest query answer (ms)", maxQueryDuring);
            counts.put("recovery: broker ready to first stored command's 2xx (ms)",
                    Math.round(recoverySeconds * 1000));
            var wrongDuring = during.stream().filter(request -> !unavailableOrRefusedOnItsFace(request)).toList();
            var slowDuring = during.stream().filter(request -> request.millis() > REPLY_TIMEOUT.plus(MARGIN).toMillis())
                    .toList();
            var wrongQueries = queriesDuring.stream().filter(query -> query.status() != 200
                    || query.millis() > REPLY_TIMEOUT.plus(MARGIN).toMillis()).toList();

            try (var admin = stack.admin()) {
                ChaosStack.awaitCaughtUp(admin);
                var topics = new ArrayList<>(Verifier.DOMAIN_TOPICS);
                topics.add(Verifier.COMMANDS);
                topics.add(Verifier.AUDIT);
                var read = EventLog.read(infrastructure.kafka(), infrastructure.registry(), topics);
                var published = read.get(Verifier.COMMANDS).stream().map(EventLog.Message::userAgent)
                        .collect(Collectors.toSet());
                var storedAfter503 = during.stream().filter(request -> request.status() == 503
                        && published.contains(request.id())).toList();
                counts.put("during the outage: commands answered 503 but stored after all", (long) storedAfter503
                        .size());
                // The gateway's producer gives a command up after max.block.ms + delivery.timeout.ms (1.5 times the
                // reply timeout): one answered 503 that long before the broker came back was never published.
                var publishedLongAfter503 = storedAfter503.stream().filter(request -> request.sentAt()
                        + REPLY_TIMEOUT.multipliedBy(3).dividedBy(2).plus(MARGIN).toNanos() < outageEnd).toList();

                try (var mongo = MongoClients.create(infrastructure.mongo())) {
                    var db = mongo.getDatabase("phishnet");
                    var verifier = new Verifier();
                    verifier.verify(sent, read, ReadModels.auditDocumentsByCommand(db, "audit_logs"));
                    counts.putAll(verifier.counts());
                    var duplicates = new ArrayList<>(ReadModels.duplicateEmails(db, "users"));

                    stack.rebuildTo(2);
                    ChaosStack.awaitCaughtUp(admin);
                    var compared = ReadModels.compare(db);
                    duplicates.addAll(ReadModels.duplicateEmails(db, "users_g2"));
                    compared.forEach(c -> counts.put("read-model documents compared: " + c.collection(), c.live()));

                    var report = report(counts, verifier, compared, duplicates, wrongDuring, slowDuring,
                            wrongQueries, publishedLongAfter503);
                    log.info("Broker outage report ({} s outage):\n{}", outage.toSeconds(), report);
                    Files.writeString(workDir.resolve("report.txt"), report);

                    assertThat(during).as("commands answered during the outage")
                            .anySatisfy(request -> assertThat(request.status()).isEqualTo(503));
                    assertThat(wrongDuring).as("command answers during the outage other than 503 problem+json with "
                            + "Retry-After (or a 4xx for a request invalid on its face)").isEmpty();
                    assertThat(slowDuring).as("command answers during the outage slower than the reply timeout %s "
                            + "plus %s", REPLY_TIMEOUT, MARGIN).isEmpty();
                    assertThat(publishedLongAfter503).as("commands answered 503 during the outage, published "
                            + "once the broker was back although their producer had given them up").isEmpty();
                    assertThat(queriesDuring).as("queries answered during the outage").isNotEmpty();
                    assertThat(wrongQueries).as("queries during the outage not answered 200 in time").isEmpty();
                    assertThat(services.stream().map(ServiceProcess::pid).toList())
                            .as("the service processes: the same as before the outage, never restarted")
                            .isEqualTo(pids);
                    assertThat(services).allSatisfy(service -> assertThat(service.alive()).as(service.name())
                            .isTrue());
                    assertThat(verifier.problems()).as("answers that the topics or the audit trail contradict")
                            .isEmpty();
                    assertThat(duplicates).as("users with one email twice").isEmpty();
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
            if (stack != null) {
                stack.close();
            }
            broker.close();
        }
        secretsAtRest(workDir, stack.infrastructure(), load);
    }

    /**
     * The failed sends of the outage are logged: no password, refresh token or one-time code of the load may be in
     * them, nor anywhere else at rest (as {@link CrashLoopIT} checks, with the codes on the development sender's lines
     * of command-api's log excepted).
     */
    private static void secretsAtRest(Path workDir, Infrastructure infrastructure, Load load) throws IOException {
        var scans = List.of(new SecretsScan(List.of(workDir.resolve("kafka/data"))),
                new SecretsScan(List.of(infrastructure.dataDir().resolve("mongo"))),
                new SecretsScan(List.of(infrastructure.dataDir().resolve("logs"), workDir.resolve("logs"),
                        infrastructure.outputFile())));
        var found = SecretsScan.findingsOf(load, scans);
        log.info("Secrets scan after the outage: {} passwords, {} refresh tokens, {} codes; {} findings",
                load.passwords().size(), load.refreshTokens().size(), load.codes().size(), found.size());
        assertThat(load.passwords()).as("passwords the load used").isNotEmpty();
        assertThat(found).as("secrets at rest").isEmpty();
    }

    /**
     * What a client may be told while the broker is away: 503 problem+json with Retry-After, or a 4xx for a request
     * the API refuses by itself (invalid on its face). A one-time code request too: its 202 waits for the broker.
     */
    private static boolean unavailableOrRefusedOnItsFace(Sent request) {
        if (request.status() == 503) {
            return request.contentType() != null && request.contentType().startsWith("application/problem+json")
                    && request.retryAfter() != null;
        }
        return request.refused() && !request.kind().command();
    }

    private static String status(Sent request) {
        return request.status() == 0 ? "nothing (no answer)" : String.valueOf(request.status());
    }

    private static String report(Map<String, Long> counts, Verifier verifier, List<ReadModels.Compared> compared,
            List<String> duplicates, List<Sent> wrongDuring, List<Sent> slowDuring, List<Query> wrongQueries,
            List<Sent> publishedLongAfter503) {
        return new RunReport(counts, "the outage", compared)
                .section("Wrong answers during the outage", wrongDuring, 20)
                .section("Slow answers during the outage", slowDuring.stream()
                        .map(request -> request.kind() + " " + request.status() + " " + request.millis() + " ms")
                        .toList(), 20)
                .section("Queries during the outage not answered 200 in time", wrongQueries, 20)
                .section("Answered 503 during the outage, published long after", publishedLongAfter503, 20)
                .withProblems(verifier, compared, duplicates);
    }

    /** One query and its answer; times are {@code System.nanoTime()}. */
    record Query(String path, int status, long sentAt, long answeredAt, String detail) {

        long millis() {
            return (answeredAt - sentAt) / 1_000_000;
        }
    }

    /**
     * Queries, one every 200 ms, round the read side: users and the audit trail as an admin, indicators and analyses
     * as an analyst (tokens of the development issuer, which needs no broker). Each answer is recorded with its time.
     */
    static final class Queries implements AutoCloseable {

        private static final List<String> ADMIN = List.of("/api/v1/users?page=0&size=5", "/api/v1/audit?size=5");
        private static final List<String> ANALYST = List.of("/api/v1/threat-intel?limit=5",
                "/api/v1/analyses?limit=5");

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor();
        private final Queue<Query> answered = new ConcurrentLinkedQueue<>();
        private final String api;
        private final String admin;
        private final String analyst;
        private int next;

        Queries(String api, String issuer) throws Exception {
            this.api = api;
            this.admin = token(issuer, "queries-admin", "admin");
            this.analyst = token(issuer, "queries-analyst", "analyst");
            prober.scheduleWithFixedDelay(this::probe, 0, 200, TimeUnit.MILLISECONDS);
        }

        List<Query> between(long from, long to) {
            return answered.stream().filter(query -> query.sentAt() >= from && query.answeredAt() <= to).toList();
        }

        private void probe() {
            int turn = next++ % 4;
            var path = turn < 2 ? ADMIN.get(turn) : ANALYST.get(turn - 2);
            var token = turn < 2 ? admin : analyst;
            long sentAt = System.nanoTime();
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(api + path))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                answered.add(new Query(path, response.statusCode(), sentAt, System.nanoTime(),
                        response.statusCode() == 200 ? null : response.body()));
            } catch (IOException noAnswer) {
                answered.add(new Query(path, 0, sentAt, System.nanoTime(), noAnswer.toString()));
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        }

        private String token(String issuer, String subject, String role) throws Exception {
            var response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                    .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(Map.of("sub", subject,
                            "tenant", "default", "roles", List.of(role), "ttlSeconds", 3600)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return (String) JSONObjectUtils.parse(response.body()).get("access_token");
        }

        @Override
        public void close() throws InterruptedException {
            prober.shutdown();
            prober.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}
