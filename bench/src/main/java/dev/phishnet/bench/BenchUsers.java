package dev.phishnet.bench;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * The users the commands act on: registered through the open registration (Argon2 runs here, once per user, not in
 * the measured loop), each with a token from the development issuer whose subject is the user's id, role user.
 */
final class BenchUsers {

    record BenchUser(String id, String token) {
    }

    /** A registered user and the address it signs in with; every bench user has {@link #PASSWORD}. */
    record Account(String id, String email) {
    }

    /** Right, always: a login of the bench never counts towards a lockout. */
    static final String PASSWORD = "bench password 0123";

    private static final Pattern LOCATION = Pattern.compile("/api/v1/users/([^/?\\s]+)$");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final int SETUP_CONCURRENCY = 8;

    private BenchUsers() {
    }

    static List<BenchUser> register(HttpClient client, String apiUrl, String issuerUrl, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return Flux.range(0, count)
                .flatMapSequential(i -> registerRetrying(client, apiUrl, "bench-" + run + "-" + i)
                        .flatMap(account -> token(client, issuerUrl, account.id())
                                .map(token -> new BenchUser(account.id(), token))),
                        SETUP_CONCURRENCY)
                .collectList()
                .block(Duration.ofMinutes(10));
    }

    /** Users who sign in with their password: no development-issuer token, the API issues theirs at login. */
    static List<Account> accounts(HttpClient client, String apiUrl, String group, int count) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return Flux.range(0, count)
                .flatMapSequential(i -> registerRetrying(client, apiUrl, "bench-" + group + "-" + run + "-" + i),
                        SETUP_CONCURRENCY)
                .collectList()
                .block(Duration.ofMinutes(20));
    }

    /**
     * A fresh stack answers its first commands with 503 while the command processor's transactions warm up; the API
     * says "retry later" and so do we, with a new address each time (the 503 does not say whether the first one was
     * registered, and a retry with it could meet its own claim as a 409).
     */
    private static Mono<Account> registerRetrying(HttpClient client, String apiUrl, String localPart) {
        var attempt = new java.util.concurrent.atomic.AtomicInteger();
        return Mono.defer(() -> register(client, apiUrl, localPart + "-" + attempt.getAndIncrement() + "@example.com"))
                .retryWhen(Retry.fixedDelay(60, Duration.ofSeconds(1)).filter(Unavailable.class::isInstance));
    }

    /** A 503: the outcome is not known yet. */
    static final class Unavailable extends IllegalStateException {
        Unavailable(String message) {
            super(message);
        }
    }

    private static Mono<Account> register(HttpClient client, String apiUrl, String email) {
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"fullName\":\"Bench User\"}";
        return client.headers(headers -> headers.set("Content-Type", "application/json"))
                .post()
                .uri(apiUrl + "/api/v1/users")
                .send(ByteBufMono.fromString(Mono.just(body)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    String location = response.responseHeaders().get("Location");
                    Matcher id = LOCATION.matcher(location == null ? "" : location);
                    if (response.status().code() == 503) {
                        throw new Unavailable("registering " + email + ": HTTP 503 " + text);
                    }
                    if (response.status().code() != 201 || !id.find()) {
                        throw new IllegalStateException("registering " + email + ": HTTP " + response.status()
                                + " " + text);
                    }
                    return new Account(id.group(1), email);
                }));
    }

    private static Mono<String> token(HttpClient client, String issuerUrl, String userId) {
        String body = "{\"sub\":\"" + userId + "\",\"tenant\":\"default\",\"roles\":[\"user\"],\"ttlSeconds\":86400}";
        return client.post()
                .uri(issuerUrl + "/token")
                .send(ByteBufMono.fromString(Mono.just(body)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    Matcher token = ACCESS_TOKEN.matcher(text);
                    if (response.status().code() != 200 || !token.find()) {
                        throw new IllegalStateException("token for " + userId + ": HTTP " + response.status() + " "
                                + text);
                    }
                    return token.group(1);
                }));
    }
}
