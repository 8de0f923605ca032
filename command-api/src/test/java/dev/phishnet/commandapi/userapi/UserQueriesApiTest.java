package dev.phishnet.commandapi.userapi;

import static dev.phishnet.commandapi.web.ApiSlice.as;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.web.ApiSlice;
import dev.phishnet.commandapi.web.Callers;
import dev.phishnet.commandapi.web.ConsistencyToken;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

@WebFluxTest
@ContextConfiguration(classes = ApiSlice.class)
@TestPropertySource(properties = "platform.queries.consistency-wait=1s")
class UserQueriesApiTest {

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveMongoTemplate mongo;

    private final String adaId = UUID.randomUUID().toString();
    private final Caller acmeAdmin = Callers.admin("acme");

    @BeforeEach
    void seed() {
        mongo.dropCollection("users").block();
        mongo.insert(user(adaId, "acme", "ada@example.com", 2), "users").block();
        mongo.insert(user(UUID.randomUUID().toString(), "acme", "grace@example.com", 1), "users").block();
        mongo.insert(user(UUID.randomUUID().toString(), "globex", "ada@example.com", 1), "users").block();
    }

    @Test
    void adminReadsUserOfOwnTenantWithoutAnyPasswordHash() {
        web.mutateWith(as(acmeAdmin)).get().uri("/api/v1/users/{id}", adaId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(adaId)
                .jsonPath("$.email").isEqualTo("ada@example.com")
                .jsonPath("$.roles[0]").isEqualTo("user")
                .jsonPath("$.profile.timezone").isEqualTo("Europe/London")
                .jsonPath("$.version").isEqualTo(2)
                .jsonPath("$.passwordHash").doesNotExist();
    }

    @Test
    void anotherTenantsUserIs404() {
        web.mutateWith(as(Callers.admin("globex"))).get().uri("/api/v1/users/{id}", adaId).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void userReadsThemselvesButNotOthersOfTheirTenant() {
        web.mutateWith(as(Callers.user(adaId, "acme"))).get().uri("/api/v1/users/{id}", adaId).exchange()
                .expectStatus().isOk();
        web.mutateWith(as(Callers.user("acme"))).get().uri("/api/v1/users/{id}", adaId).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void adminFindsByNormalizedEmailWithinOwnTenantOnly() {
        web.mutateWith(as(acmeAdmin)).get().uri("/api/v1/users?email={email}", " ADA@Example.com").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(adaId);
    }

    @Test
    void adminPagesThroughTenantSortedByEmail() {
        web.mutateWith(as(acmeAdmin)).get().uri("/api/v1/users?page=1&size=1").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.total").isEqualTo(2)
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].email").isEqualTo("grace@example.com");
    }

    @Test
    void listingNeedsAdminAndSaneSize() {
        web.mutateWith(as(Callers.user(adaId, "acme"))).get().uri("/api/v1/users").exchange()
                .expectStatus().isForbidden();
        web.mutateWith(as(acmeAdmin)).get().uri("/api/v1/users?size=1000").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("size");
    }

    @Test
    void queryWithTokenWaitsUntilTheDocumentReachesItsVersion() {
        String newcomer = UUID.randomUUID().toString();
        Disposable projector = Mono.delay(Duration.ofMillis(300))
                .then(mongo.insert(user(newcomer, "acme", "new@example.com", 1), "users"))
                .subscribe();
        try {
            web.mutateWith(as(acmeAdmin)).get().uri("/api/v1/users/{id}", newcomer)
                    .header(ConsistencyToken.HEADER, ConsistencyToken.users(newcomer, 1).encode())
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.email").isEqualTo("new@example.com");
        } finally {
            projector.dispose();
        }
    }

    @Test
    void queryWithTokenOfAVersionNeverReached503sWithRetryAfter() {
        web.mutateWith(as(acmeAdmin)).get().uri("/api/v1/users/{id}", adaId)
                .header(ConsistencyToken.HEADER, ConsistencyToken.users(adaId, 3).encode())
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "1")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void forgedTokenIs400NamingTheHeader() {
        web.mutateWith(as(acmeAdmin)).get().uri("/api/v1/users/{id}", adaId)
                .header(ConsistencyToken.HEADER, "not-a-token")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo(ConsistencyToken.HEADER);
    }

    private static Document user(String id, String tenant, String email, long version) {
        return new Document("_id", id).append("tenantId", tenant).append("email", email)
                .append("fullName", "Someone").append("roles", List.of("user"))
                .append("profile", new Document("timezone", "Europe/London"))
                .append("active", true).append("version", version)
                .append("passwordHash", "$argon2id$must-never-be-served")
                .append("createdAt", new Date()).append("updatedAt", new Date());
    }
}
