package dev.phishnet.commandapi.fuzz;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import org.bson.Document;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A little real data for the fuzzer's paths to name: a user of tenant A registered and signed in through the API, an
 * analysis and an indicator submitted through it, an admin token of tenant A and an operator's; and, because no
 * projector runs in this test, the read-model documents the projector would have written for them, plus documents of
 * tenant B marked {@value FuzzedInputTest#OTHER_TENANT_MARKER} that no answer to tenant A may contain.
 *
 * @param ids a real id per collection segment of a path ({@code users}, {@code sessions}, {@code analyses}, ...)
 */
record Seed(String userId, String tenantToken, String operatorToken, Map<String, String> ids) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "a long enough fuzz password";

    static Seed plant(int port, AccessTokens tokens, ReactiveMongoTemplate mongo) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String base = "http://127.0.0.1:" + port;
        String email = "fuzz-" + UUID.randomUUID() + "@example.com";
        String userId = post(http, base + "/api/v1/users", null, Map.of("email", email, "password", PASSWORD,
                "fullName", "Fuzz Target")).get("id").asText();
        String sessionId = post(http, base + "/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD))
                .get("sessionId").asText();
        String tenantToken = tokens.issue(UserId.of(UUID.randomUUID().toString()), TenantId.of(FuzzedInputTest.TENANT),
                Set.of(Role.ADMIN), UUID.randomUUID().toString()).token();
        String operatorToken = tokens.issue(UserId.of(UUID.randomUUID().toString()),
                TenantId.of(FuzzedInputTest.OPERATORS), Set.of(Role.ADMIN), UUID.randomUUID().toString()).token();
        Instant received = Instant.parse("2026-01-02T03:04:05Z");
        String analysisId = post(http, base + "/api/v1/analyses", tenantToken, Map.of("gmailMessageId", "fuzz-msg-1",
                "subject", "Invoice", "sender", "billing@evil.example", "recipient", email,
                "receivedAt", received.toString(), "urls", List.of("https://login.evil.example/a"), "userId", userId))
                .get("id").asText();
        String indicatorId = post(http, base + "/api/v1/threat-intel", tenantToken, Map.of("indicator",
                "evil.example", "indicatorType", "domain", "threatType", "phishing", "threatLevel", "high",
                "confidenceScore", 0.9, "source", "fuzz-feed")).get("id").asText();
        String parkedId = "parked-" + UUID.randomUUID();

        String other = "tenant-b";
        String otherUser = UUID.randomUUID().toString();
        String marker = FuzzedInputTest.OTHER_TENANT_MARKER;
        insert(mongo, "users", user(userId, FuzzedInputTest.TENANT, email), user(otherUser, other,
                marker + "@example.com"));
        insert(mongo, "sessions", session(sessionId, userId, FuzzedInputTest.TENANT),
                session(UUID.randomUUID().toString(), otherUser, other).append("browser", marker));
        insert(mongo, "email_analyses", analysis(analysisId, FuzzedInputTest.TENANT, userId, received, "Invoice"),
                analysis(UUID.randomUUID().toString(), other, otherUser, received, marker));
        insert(mongo, "threat_intelligence", indicator(indicatorId, FuzzedInputTest.TENANT, "evil.example"),
                indicator(UUID.randomUUID().toString(), other, marker + ".example"));
        insert(mongo, "audit_logs", audit(UUID.randomUUID().toString(), FuzzedInputTest.TENANT, userId),
                audit(UUID.randomUUID().toString(), other, marker));
        insert(mongo, "projector_dlq", parked(parkedId));
        return new Seed(userId, tenantToken, operatorToken, Map.of("users", userId, "sessions", sessionId,
                "analyses", analysisId, "threat-intel", indicatorId, "dlq", parkedId, "health", "ping"));
    }

    private static JsonNode post(HttpClient http, String uri, String token, Map<String, Object> body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Seeding " + uri + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static void insert(ReactiveMongoTemplate mongo, String collection, Document... documents) {
        mongo.insert(List.of(documents), collection).collectList().block(Duration.ofSeconds(10));
    }

    private static Document user(String id, String tenant, String email) {
        return new Document("_id", id).append("tenantId", tenant).append("email", email)
                .append("fullName", "Someone").append("roles", List.of("user"))
                .append("profile", new Document("timezone", "Europe/London"))
                .append("active", true).append("version", 1L)
                .append("passwordHash", "$argon2id$must-never-be-served")
                .append("createdAt", new Date()).append("updatedAt", new Date());
    }

    private static Document session(String id, String userId, String tenant) {
        return new Document("_id", id).append("userId", userId).append("tenantId", tenant).append("status", "ACTIVE")
                .append("method", "PASSWORD").append("ip", "203.0.113.7").append("os", "Windows NT")
                .append("browser", "Chrome").append("deviceType", "Desktop").append("riskScore", 30)
                .append("riskReasons", List.of("NEW_DEVICE")).append("createdAt", new Date())
                .append("lastSeenAt", new Date()).append("version", 1L)
                .append("refreshTokenHash", "hmac-sha256:must-never-be-served");
    }

    private static Document analysis(String id, String tenant, String userId, Instant receivedAt, String subject) {
        return new Document("_id", id).append("tenantId", tenant).append("userId", userId)
                .append("gmailMessageId", "msg-" + id).append("subject", subject)
                .append("sender", "billing@evil.example").append("recipient", "ada@example.com")
                .append("receivedAt", Date.from(receivedAt)).append("urls", List.of("https://login.evil.example/"))
                .append("status", "pending").append("threatLevel", null).append("confidenceScore", null)
                .append("matches", List.of()).append("requestedAt", Date.from(receivedAt.plusSeconds(1)))
                .append("version", 1L);
    }

    private static Document indicator(String id, String tenant, String indicator) {
        return new Document("_id", id).append("tenantId", tenant).append("indicator", indicator)
                .append("indicatorType", "domain").append("threatType", "phishing").append("threatLevel", "high")
                .append("confidenceScore", 0.9).append("sources", List.of("fuzz-feed"))
                .append("tags", List.of("credential-theft")).append("description", null)
                .append("firstSeenAt", new Date()).append("lastSeenAt", new Date())
                .append("reports", 1).append("status", "active").append("retiredAt", null).append("version", 1L);
    }

    private static Document audit(String id, String tenant, String actor) {
        return new Document("_id", id).append("tenantId", tenant).append("actorId", actor)
                .append("actorKind", "USER").append("action", "user.register").append("outcome", "ACCEPTED")
                .append("resourceType", "user").append("resourceId", "u-" + id).append("occurredAt", new Date())
                .append("details", new Document());
    }

    private static Document parked(String id) {
        return new Document("_id", id).append("generation", 1).append("projection", "users")
                .append("topic", "user-events").append("partition", 2).append("offset", 7L).append("key", "user-ada")
                .append("tenantId", null).append("status", "PARKED").append("reason", "FAILED")
                .append("error", "NotConfluentWireFormatException: first byte is 123")
                .append("errorClass", "dev.phishnet.schemas.serde.NotConfluentWireFormatException")
                .append("attempts", 1).append("payload", "eyJub3QiOiJhdnJvIn0=")
                .append("parkedAt", new Date());
    }
}
