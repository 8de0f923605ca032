package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.serde.AvroDeserializer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email analyses and threat intelligence through the real stack, as issue 6 says they will be tried: ./run.sh on free
 * ports and a fresh data directory, indicators added by an analyst, analyses requested by users whose sender or URLs
 * hit and miss them, matches and verdicts read back, results recorded, lists, statistics and usage queried; then the
 * retention drill (a second cleanup worker whose retention clock runs 400 days ahead) purges it all in batches with an
 * audit entry while queries keep answering.
 *
 * <p>Tokens come from the stack's development issuer: users, an analyst, a service and an admin of tenant
 * {@code default}, and a user of another tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalysesEndToEndIT {

    private static final Logger log = LoggerFactory.getLogger(AnalysesEndToEndIT.class);

    static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    static final Duration READ_MODEL = Duration.ofSeconds(30);
    static final String TENANT = "default";
    static final String PROBLEM_JSON = "application/problem+json";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Path root = ProjectRoot.path();
    private Path workDir;
    private Path dataDir;
    private Map<String, Integer> ports;
    private RunScript stack;

    private String analyst;
    private String admin;
    private String service;
    private final String adaId = UUID.randomUUID().toString();
    private String ada;
    private final String bobId = UUID.randomUUID().toString();
    private String bob;
    private String otherTenantUser;

    /** Filled by the scenarios, checked by the retention drill at the end. */
    private final List<String> analysisIds = new ArrayList<>();
    private final List<String> indicatorIds = new ArrayList<>();

    @BeforeAll
    void startTheStack() throws Exception {
        var base = Path.of(System.getProperty("it.work.dir", root.resolve("local-stack/target/it").toString()));
        Files.createDirectories(base);
        workDir = Files.createTempDirectory(base, "analyses-");
        dataDir = workDir.resolve("data");
        ports = RunScript.freePorts("PHISHNET_KAFKA_PORT", "PHISHNET_KAFKA_CONTROLLER_PORT", "PHISHNET_REGISTRY_PORT",
                "PHISHNET_REGISTRY_INTERNAL_PORT", "PHISHNET_MONGODB_PORT", "PHISHNET_COMMAND_API_PORT",
                "PHISHNET_PROJECTOR_PORT", "PHISHNET_CLEANUP_WORKER_PORT", "PHISHNET_DEV_ISSUER_PORT");
        Map<String, String> settings = new LinkedHashMap<>();
        ports.forEach((variable, port) -> settings.put(variable, port.toString()));
        var started = System.nanoTime();
        stack = RunScript.start(root, dataDir, settings, workDir.resolve("run.out"));
        stack.awaitReady(START_TIMEOUT);
        log.info("The stack was up in {} s", Duration.ofNanos(System.nanoTime() - started).toSeconds());

        analyst = token("analyst-1", TENANT, "analyst");
        admin = token("admin-1", TENANT, "admin");
        service = token("analyzer-service", TENANT, "service");
        ada = token(adaId, TENANT, "user");
        bob = token(bobId, TENANT, "user");
        otherTenantUser = token(UUID.randomUUID().toString(), "other-tenant", "user");
    }

    @AfterAll
    void stopTheStack() throws Exception {
        if (stack == null) {
            return;
        }
        try {
            assertThat(stack.interruptAndAwaitExit(RunScript.STOP_TIMEOUT)).as("run.sh exit status; output:%n%s", stack.output())
                    .isZero();
        } finally {
            stack.forceStop();
        }
    }

    @Test
    @Order(1)
    void indicatorsAreNormalizedAndARepeatedReportMergesItsSources() throws Exception {
        var domain = report(analyst, "Evil-Example.COM.", "domain", "phishing", "high", 0.9, "feed-a", "bank");
        assertThat(domain.statusCode()).as(domain.body()).isEqualTo(201);
        var domainId = (String) json(domain.body()).get("id");
        var again = report(analyst, "evil-example.com", "DOMAIN", "phishing", "critical", 0.8, "feed-b", "campaign-7");
        assertThat(again.statusCode()).as("the same indicator reported again: %s", again.body()).isEqualTo(200);
        assertThat(json(again.body())).containsEntry("id", domainId);

        var url = report(analyst, "HTTPS://Phish.Example:443/Login#top", "url", "credential-theft", "critical", 0.95,
                "feed-a", "login");
        assertThat(url.statusCode()).as(url.body()).isEqualTo(201);
        var address = report(analyst, "CEO@Spoof.Example", "email", "impersonation", "medium", 0.6, "analyst-desk",
                "bec");
        assertThat(address.statusCode()).as(address.body()).isEqualTo(201);
        indicatorIds.addAll(List.of(domainId, (String) json(url.body()).get("id"),
                (String) json(address.body()).get("id")));

        var merged = await("the merged indicator").atMost(READ_MODEL).until(
                () -> get("/threat-intel/" + domainId, bob), response -> response.statusCode() == 200
                        && ((Number) json(response.body()).get("reports")).intValue() == 2);
        assertThat(json(merged.body())).containsEntry("indicator", "evil-example.com")
                .containsEntry("indicatorType", "domain").containsEntry("threatLevel", "critical")
                .containsEntry("sources", List.of("feed-a", "feed-b"))
                .containsEntry("tags", List.of("bank", "campaign-7")).containsEntry("status", "active");
        var byIndicator = get("/threat-intel?type=url&indicator=" + encode("https://phish.example/Login"), analyst);
        assertThat(byIndicator.statusCode()).as(byIndicator.body()).isEqualTo(200);
        assertThat(items(json(byIndicator.body()))).singleElement()
                .satisfies(found -> assertThat(found).containsEntry("indicator", "https://phish.example/Login"));

        var plainUser = report(bob, "evil.example", "domain", "phishing", "high", 0.5, "me", "x");
        assertThat(plainUser.statusCode()).as("a plain user reporting: %s", plainUser.body()).isEqualTo(403);
        var invalid = report(analyst, "not a domain!", "domain", "phishing", "high", 0.5, "feed-a", "x");
        assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(invalid.body()).contains("indicator");
        assertThat(get("/threat-intel/" + domainId, otherTenantUser).statusCode()).as("another tenant").isEqualTo(404);
    }

    @Test
    @Order(2)
    void analysesRecordWhichIndicatorMatchedWhichFieldWithAPreliminaryVerdict() throws Exception {
        var bySenderDomain = request(ada, "m-1", "billing@mail.evil-example.com", List.of("https://safe.example/a"));
        assertThat(bySenderDomain.statusCode()).as(bySenderDomain.body()).isEqualTo(201);
        assertThat(json(bySenderDomain.body())).containsEntry("status", "pending");
        assertThat(bySenderDomain.headers().firstValue("Location")).isPresent();
        var bySenderAndUrl = request(ada, "m-2", "ceo@spoof.example",
                List.of("https://PHISH.example/Login", "https://docs.example/ok"));
        var noMatch = request(ada, "m-3", "friend@good.example", List.of("https://good.example/hello"));
        for (var response : List.of(bySenderAndUrl, noMatch)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        }
        var first = (String) json(bySenderDomain.body()).get("id");
        var second = (String) json(bySenderAndUrl.body()).get("id");
        var third = (String) json(noMatch.body()).get("id");
        analysisIds.addAll(List.of(first, second, third));

        var matchedDomain = matched(first, ada);
        assertThat(matches(matchedDomain)).singleElement().satisfies(match -> assertThat(match)
                .containsEntry("field", "sender_domain").containsEntry("indicator", "evil-example.com")
                .containsEntry("indicatorType", "domain").containsEntry("threatLevel", "critical"));
        assertThat(matchedDomain).containsEntry("preliminaryThreatLevel", "critical")
                .containsEntry("verdictRule", "indicators-v1").containsEntry("status", "pending");

        var matchedTwice = matched(second, ada);
        assertThat(matches(matchedTwice)).extracting(match -> match.get("field"))
                .containsExactlyInAnyOrder("sender_address", "url");
        // indicators-v1: the highest level among the matches (critical, the URL's) and its confidence alone.
        assertThat(matchedTwice).containsEntry("preliminaryThreatLevel", "critical");
        assertThat(((Number) matchedTwice.get("preliminaryConfidence")).doubleValue()).isEqualTo(0.95);

        var missed = matched(third, ada);
        assertThat(matches(missed)).isEmpty();
        assertThat(missed.get("preliminaryThreatLevel")).isNull();

        // An indicator added later does not rewrite the history of an analysis already matched ...
        var later = report(analyst, "good.example", "domain", "spam", "low", 0.4, "feed-c", "late");
        assertThat(later.statusCode()).as(later.body()).isEqualTo(201);
        indicatorIds.add((String) json(later.body()).get("id"));
        // ... but a new analysis sees it.
        var afterwards = request(ada, "m-4", "friend@good.example", List.of());
        assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(201);
        var fourth = (String) json(afterwards.body()).get("id");
        analysisIds.add(fourth);
        assertThat(matches(matched(fourth, ada))).singleElement()
                .satisfies(match -> assertThat(match).containsEntry("indicator", "good.example"));
        assertThat(matches(analysis(third, ada))).as("the earlier analysis of the same sender").isEmpty();

        var repeat = request(ada, "m-1", "billing@mail.evil-example.com", List.of("https://safe.example/a"));
        assertThat(repeat.statusCode()).as("the same message again: %s", repeat.body()).isEqualTo(200);
        assertThat(json(repeat.body())).containsEntry("id", first);

        // Another tenant's indicator never matches this tenant's mail, and its user sees none of it.
        var foreign = report(token("analyst-2", "other-tenant", "analyst"), "docs.example", "domain", "phishing",
                "high", 0.9, "feed-x", "x");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(201);
        var fifth = (String) json(request(ada, "m-5", "someone@docs.example", List.of()).body()).get("id");
        analysisIds.add(fifth);
        assertThat(matches(matched(fifth, ada))).isEmpty();
        assertThat(get("/analyses/" + first, otherTenantUser).statusCode()).isEqualTo(404);
        assertThat(get("/analyses/" + first, bob).statusCode()).as("another user of the tenant").isEqualTo(404);
    }

    @Test
    @Order(3)
    void anAnalystOrAServiceRecordsTheResultOnceAndAPlainUserCannot() throws Exception {
        var first = analysisIds.get(0);
        var second = analysisIds.get(1);

        var byUser = complete(ada, first, "safe", 0.9);
        assertThat(byUser.statusCode()).as("the owner recording a result: %s", byUser.body()).isEqualTo(403);
        var completed = complete(analyst, first, "high", 0.87);
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        var twice = complete(service, first, "low", 0.2);
        assertThat(twice.statusCode()).as("a second result: %s", twice.body()).isEqualTo(409);
        assertThat(twice.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        var byService = complete(service, second, "critical", 0.99);
        assertThat(byService.statusCode()).as(byService.body()).isEqualTo(200);
        var failed = send(HttpRequest.newBuilder(api("/analyses/" + analysisIds.get(2) + "/fail"))
                .header("Authorization", "Bearer " + service).header("Content-Type", "application/json")
                .POST(body(JSONObjectUtils.toJSONString(Map.of("reason", "message body unavailable",
                        "analyzerVersion", "2.1.0")))));
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(200);

        var badLevel = complete(analyst, analysisIds.get(3), "apocalyptic", 0.5);
        assertThat(badLevel.statusCode()).as(badLevel.body()).isEqualTo(400);
        assertThat(badLevel.body()).contains("threatLevel");
        var badScore = complete(analyst, analysisIds.get(3), "low", 1.5);
        assertThat(badScore.statusCode()).as(badScore.body()).isEqualTo(400);
        assertThat(badScore.body()).contains("confidenceScore");

        var done = await("the result in the read model").atMost(READ_MODEL).until(() -> analysis(first, ada),
                found -> "completed".equals(found.get("status")));
        assertThat(done).containsEntry("threatLevel", "high").containsEntry("analyzerVersion", "e2e-1");
        assertThat(done.get("preliminaryThreatLevel")).as("the matches stay beside the result").isEqualTo("critical");
    }

    @Test
    @Order(4)
    void listsPageWithACursorAndStatisticsAndUsageCountWhatHappened() throws Exception {
        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            var page = json(get("/analyses?limit=2" + (cursor == null ? "" : "&cursor=" + encode(cursor)), ada)
                    .body());
            items(page).forEach(item -> seen.add((String) item.get("id")));
            cursor = (String) page.get("next");
        } while (cursor != null);
        assertThat(seen).as("ada's analyses, two per page").containsExactlyInAnyOrderElementsOf(analysisIds);

        var critical = items(json(get("/analyses?threatLevel=critical", analyst).body()));
        assertThat(critical).extracting(item -> item.get("id")).containsExactly(analysisIds.get(1));
        var bobsOwn = items(json(get("/analyses", bob).body()));
        assertThat(bobsOwn).as("bob has none").isEmpty();
        var badStatus = get("/analyses?status=sleeping", ada);
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("status");

        var today = LocalDate.now(ZoneOffset.UTC);
        var range = "from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
        var stats = await("ada's statistics").atMost(READ_MODEL).until(() -> json(get("/analyses/stats?" + range, ada)
                .body()), found -> ((Number) found.get("total")).intValue() == analysisIds.size()
                        && ((Number) byStatus(found).get("completed")).intValue() == 2);
        assertThat(byStatus(stats)).containsEntry("completed", 2L).containsEntry("failed", 1L)
                .containsEntry("pending", (long) analysisIds.size() - 3);
        @SuppressWarnings("unchecked")
        var byLevel = (Map<String, Object>) stats.get("byThreatLevel");
        assertThat(byLevel).containsEntry("high", 1L).containsEntry("critical", 1L);
        var tenant = json(get("/analyses/stats?scope=tenant&" + range, analyst).body());
        assertThat(((Number) tenant.get("total")).intValue()).isGreaterThanOrEqualTo(analysisIds.size());
        assertThat(get("/analyses/stats?scope=tenant&" + range, ada).statusCode()).as("a user, tenant-wide")
                .isEqualTo(403);

        var usage = await("ada's API usage").atMost(READ_MODEL).until(
                () -> json(get("/users/" + adaId + "/usage?" + range, ada).body()),
                found -> ((Number) found.get("total")).intValue() >= analysisIds.size() + 1);
        @SuppressWarnings("unchecked")
        var days = (List<Map<String, Object>>) usage.get("days");
        assertThat(days).singleElement().satisfies(day -> assertThat(day.get("byAction").toString())
                .contains("analysis.request"));
        assertThat(get("/users/" + adaId + "/usage?" + range, bob).statusCode()).as("bob reading ada's usage")
                .isIn(403, 404);
    }

    @Test
    @Order(5)
    void aWorkerWhoseRetentionClockRunsAheadPurgesItAllInBatchesWithAnAuditEntryWhileQueriesAnswer() throws Exception {
        var admin = this.admin;
        var auditBefore = items(json(get("/audit?size=200", admin).body()));
        assertThat(auditBefore).as("the tenant's audit trail so far").hasSizeGreaterThan(10);
        var answers = new ArrayList<Integer>();

        try (var drill = DrillWorker.start(root, workDir.resolve("drill"), Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + ports.get("PHISHNET_KAFKA_PORT"),
                "PLATFORM_SCHEMA_REGISTRY_URL", "http://127.0.0.1:" + ports.get("PHISHNET_REGISTRY_PORT"),
                "SERVER_PORT", RunScript.freePorts("DRILL").get("DRILL").toString(),
                "PLATFORM_WORKER_APPLICATIONID", "phishnet-retention-drill",
                "PLATFORM_RETENTION_CLOCKOFFSET", "400d",
                "PLATFORM_RETENTION_CHECKINTERVAL", "2s"))) {
            for (var id : analysisIds) {
                await("analysis " + id + " purged").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            var response = get("/analyses/" + id, ada);
                            answers.add(response.statusCode());
                            // The audit API keeps answering while the purge runs.
                            answers.add(get("/audit?size=20", admin).statusCode());
                            return response.statusCode() == 404;
                        });
            }
            for (var id : indicatorIds) {
                await("indicator " + id + " purged").atMost(READ_MODEL).until(
                        () -> get("/threat-intel/" + id, analyst).statusCode() == 404);
            }
            var left = await("the audit trail purged up to the newest run, whose entry stays")
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> items(json(get("/audit?size=200", admin).body())), entries -> !entries.isEmpty()
                            && entries.stream().allMatch(entry -> "retention.run".equals(entry.get("action"))));
            // Every run is on audit-events, the contract downstream consumers read; a later run of the drill purges
            // the read model's entries of the earlier ones (they are older than its cutoff).
            var counts = await("the runs' counts on audit-events").atMost(READ_MODEL).until(this::retentionRunCounts,
                    found -> found.getOrDefault("analyses", 0L) >= analysisIds.size()
                            && found.getOrDefault("threat_intelligence", 0L) >= indicatorIds.size());
            log.info("Retention drill: {} run entries left in the read model; purged in all {}", left.size(), counts);
            assertThat(counts).containsEntry("analyses", (long) analysisIds.size())
                    .containsEntry("threat_intelligence", (long) indicatorIds.size());
            assertThat(counts.get("audit_logs")).isGreaterThanOrEqualTo(auditBefore.size());
            assertThat(items(json(get("/analyses", ada).body()))).as("ada's list").isEmpty();
        }
        assertThat(answers).as("every query answered while the purge ran").isNotEmpty()
                .allSatisfy(status -> assertThat(status).isIn(200, 404));
    }

    /** The counts of the tenant's retention runs, summed over every run on {@code audit-events} so far. */
    private Map<String, Long> retentionRunCounts() {
        var config = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ports.get("PHISHNET_KAFKA_PORT"),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                "schema.registry.url", "http://127.0.0.1:" + ports.get("PHISHNET_REGISTRY_PORT"),
                "specific.avro.reader", true);
        var values = new AvroDeserializer<>(AuditEvent.class);
        values.configure(config, false);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor("audit-events", Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            var counts = new LinkedHashMap<String, Long>();
            await("audit-events read to its end").atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    var event = record.value();
                    if ("retention.run".equals(event.getAction())
                            && TENANT.equals(event.getEnvelope().getTenantId())) {
                        event.getDetails().forEach((name, value) -> {
                            if (name.endsWith(".count")) {
                                counts.merge(name.substring(0, name.length() - ".count".length()),
                                        Long.parseLong(value), Long::sum);
                            }
                        });
                    }
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            return counts;
        }
    }

    // ---- calls --------------------------------------------------------------------------------------------------

    private HttpResponse<String> report(String token, String indicator, String type, String threatType, String level,
            double confidence, String source, String tag) throws Exception {
        var request = new LinkedHashMap<String, Object>();
        request.put("indicator", indicator);
        request.put("indicatorType", type);
        request.put("threatType", threatType);
        request.put("threatLevel", level);
        request.put("confidenceScore", confidence);
        request.put("source", source);
        request.put("tags", List.of(tag));
        request.put("description", "reported by the end-to-end test");
        return post("/threat-intel", token, request);
    }

    private HttpResponse<String> request(String token, String messageId, String sender, List<String> urls)
            throws Exception {
        var request = new LinkedHashMap<String, Object>();
        request.put("gmailMessageId", messageId);
        request.put("subject", "About your account");
        request.put("sender", sender);
        request.put("recipient", "ada@example.com");
        request.put("receivedAt", Instant.now().minusSeconds(60).toString());
        request.put("urls", urls);
        return post("/analyses", token, request);
    }

    private HttpResponse<String> complete(String token, String analysisId, String level, double confidence)
            throws Exception {
        return post("/analyses/" + analysisId + "/result", token, Map.of("threatLevel", level,
                "confidenceScore", confidence, "detectedThreats", List.of("suspicious-link"),
                "analyzerVersion", "e2e-1"));
    }

    private Map<String, Object> analysis(String id, String token) throws Exception {
        var response = get("/analyses/" + id, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** The analysis once its indicators were looked up. */
    private Map<String, Object> matched(String id, String token) {
        return await("the indicator lookup of " + id).atMost(READ_MODEL).until(() -> {
            var response = get("/analyses/" + id, token);
            return response.statusCode() == 200 ? json(response.body()) : Map.<String, Object>of();
        }, found -> found.get("matchedAt") != null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> matches(Map<String, Object> analysis) {
        return (List<Map<String, Object>>) analysis.getOrDefault("matches", List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> byStatus(Map<String, Object> stats) {
        return (Map<String, Object>) stats.get("byStatus");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    private HttpResponse<String> post(String path, String token, Map<String, ?> request) throws Exception {
        return send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(body(JSONObjectUtils.toJSONString(request))));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send(HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + token).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A token of the stack's development issuer. */
    private String token(String subject, String tenant, String role) throws Exception {
        var issuer = "http://127.0.0.1:" + ports.get("PHISHNET_DEV_ISSUER_PORT");
        var response = send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .POST(body(JSONObjectUtils.toJSONString(Map.of("sub", subject, "tenant", tenant,
                        "roles", List.of(role), "ttlSeconds", 3600)))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (String) json(response.body()).get("access_token");
    }

    private static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    private static Map<String, Object> json(String body) {
        try {
            return JSONObjectUtils.parse(body);
        } catch (java.text.ParseException notJson) {
            throw new AssertionError("not a JSON object: " + body, notJson);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private URI api(String path) {
        return URI.create("http://127.0.0.1:" + ports.get("PHISHNET_COMMAND_API_PORT") + "/api/v1" + path);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
