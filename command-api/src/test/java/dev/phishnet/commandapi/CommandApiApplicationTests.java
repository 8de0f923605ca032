package dev.phishnet.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.token.TestSigningKeys;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.service.testing.TopicFacts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.schema-registry.url=mock://test",
        "platform.topics.command-replies.partitions=3",
        // This class checks the service's foundation; CommandProcessorRaceTest runs the processor on a broker.
        "platform.processor.enabled=false"})
@AutoConfigureWebTestClient
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class CommandApiApplicationTests {

    private static final MongoServer mongo = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = mongo.bindAndGetConnectionString() + "/phishnet";

    @DynamicPropertySource
    static void mongoAndSigningKey(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
        TestSigningKeys.register(registry);
    }

    @AfterAll
    static void stopMongo() {
        mongo.shutdownNow();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    Admin admin;

    @Autowired
    AccessTokens accessTokens;

    @Test
    void createsEveryTopicWithItsPartitionsAndRetention() throws Exception {
        Map<String, String> retention = Map.of(
                "commands", "604800000",
                "command-replies", "86400000",
                "user-events", "-1",
                "session-events", "2592000000",
                "analysis-events", "7776000000",
                "threat-intel-events", "31536000000",
                "audit-events", "7776000000");

        assertThat(TopicFacts.retentionMs(admin, retention.keySet())).isEqualTo(retention);
        // Compaction keeps each indicator's latest record (it carries the whole indicator); the rest is deleted.
        assertThat(TopicFacts.config(admin, retention.keySet(), TopicConfig.CLEANUP_POLICY_CONFIG))
                .containsEntry("threat-intel-events", "compact,delete")
                .containsEntry("audit-events", "delete")
                .containsEntry("analysis-events", "delete");
        // An analysis request may carry 500 URLs of 8 KiB: the topics that hold it take 8 MB records.
        assertThat(maxMessageBytes(List.of("commands", "analysis-events"))).containsOnly(
                Map.entry("commands", "8388608"), Map.entry("analysis-events", "8388608"));
        // One topic sets its own partition count (3 in this test's properties); the others take the default, 6.
        assertThat(TopicFacts.partitions(admin, retention.keySet())).allSatisfy((topic, partitions) ->
                assertThat(partitions).isEqualTo(topic.equals("command-replies") ? 3 : 6));
    }

    private Map<String, String> maxMessageBytes(List<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        return admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(),
                        entry -> entry.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()));
    }

    @Test
    void healthIsUpWithKafkaMongoAndSchemaRegistry() {
        // DOWN until the reply and revocation followers have their partitions, as a load balancer would see it.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                web.get().uri("/actuator/health").exchange()
                        .expectStatus().isOk()
                        .expectBody()
                        .jsonPath("$.status").isEqualTo("UP")
                        .jsonPath("$.components.kafka.status").isEqualTo("UP")
                        .jsonPath("$.components.kafka.details.nodes").isEqualTo(1)
                        .jsonPath("$.components.mongo.status").isEqualTo("UP")
                        .jsonPath("$.components.schemaRegistry.status").isEqualTo("UP")
                        .jsonPath("$.components.schemaRegistry.details.mock").isEqualTo(true));
    }

    @Test
    void prometheusScrapeServesJvmMetricsWithoutToken() {
        web.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("jvm_memory_used_bytes"));
    }

    @Test
    void apiRefusesRequestsWithoutToken() {
        web.get().uri("/api/v1/users").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void apiRefusesAnUnsignedToken() {
        web.get().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer eyJhbGciOiJub25lIn0.e30.")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).contains("invalid_token"));
    }

    @Test
    void aTokenTheApiIssuedOpensTheUsersApi() {
        String token = accessTokens.issue(UserId.of(UUID.randomUUID().toString()), TenantId.of("default"),
                Set.of(Role.ADMIN), UUID.randomUUID().toString()).token();

        web.get().uri("/api/v1/users").headers(headers -> headers.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items").isArray();
    }

    @Test
    void theKeysThatVerifyItsTokensArePublishedWithoutAToken() throws Exception {
        String token = accessTokens.issue(UserId.of(UUID.randomUUID().toString()), TenantId.of("default"),
                Set.of(Role.USER), UUID.randomUUID().toString()).token();

        String jwks = web.get().uri("/.well-known/jwks.json").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, public")
                .expectBody(String.class).returnResult().getResponseBody();

        SignedJWT signed = SignedJWT.parse(token);
        ECKey key = (ECKey) JWKSet.parse(jwks).getKeyByKeyId(signed.getHeader().getKeyID());
        assertThat(key.isPrivate()).isFalse();
        assertThat(signed.verify(new ECDSAVerifier(key))).isTrue();
    }
}
