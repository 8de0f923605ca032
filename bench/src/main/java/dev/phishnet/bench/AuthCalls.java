package dev.phishnet.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;

/** The calls of the sessions API the bench makes outside its closed loops, and the token answer's fields. */
final class AuthCalls {

    /** The fields of a login's or a refresh's 200 the bench uses (the tokens are never printed). */
    record Tokens(String accessToken, String refreshToken, String sessionId) {

        static Tokens parse(String body) {
            return new Tokens(field(body, "accessToken"), field(body, "refreshToken"), field(body, "sessionId"));
        }

        @Override
        public String toString() {
            return "Tokens[sessionId=" + sessionId + "]";
        }
    }

    /** A status and its body; {@code at} is System.nanoTime() when the answer was complete. */
    record Answer(int status, String body, long at) {
    }

    /** An answer the bench did not expect (its status, and the start of the body: problem+json, no secrets). */
    static final class Unexpected extends IllegalStateException {
        Unexpected(String what, Answer answer) {
            super(what + ": HTTP " + answer.status() + " " + answer.body().substring(0, Math.min(200,
                    answer.body().length())));
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final java.util.Map<String, Pattern> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    private final HttpClient client;

    AuthCalls(HttpClient client) {
        this.client = client;
    }

    static String loginBody(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + BenchUsers.PASSWORD + "\"}";
    }

    static String refreshBody(String refreshToken) {
        return "{\"refreshToken\":\"" + refreshToken + "\"}";
    }

    Mono<Tokens> login(String apiUrl, String email) {
        return post(apiUrl + "/api/v1/auth/login", null, loginBody(email)).map(answer -> {
            if (answer.status() != 200) {
                throw new Unexpected("login of " + email, answer);
            }
            return Tokens.parse(answer.body());
        });
    }

    Mono<Answer> post(String url, String token, String body) {
        return exchange("POST", url, token, body);
    }

    Mono<Answer> patch(String url, String token, String body) {
        return exchange("PATCH", url, token, body);
    }

    Mono<Answer> get(String url, String token) {
        return exchange("GET", url, token, null);
    }

    /**
     * GETs {@code url} until an answer's status passes {@code until}, {@code interval} after each answer: the time
     * the first such answer was complete (System.nanoTime()), or a TimeoutException past {@code deadline}.
     */
    Mono<Answer> pollUntil(String url, String token, IntPredicate until, Duration interval, long deadline) {
        return get(url, token).flatMap(answer -> {
            if (until.test(answer.status())) {
                return Mono.just(answer);
            }
            if (answer.at() > deadline) {
                return Mono.error(new TimeoutException("GET " + url + " still answers " + answer.status()));
            }
            return Mono.delay(interval).then(Mono.defer(() -> pollUntil(url, token, until, interval, deadline)));
        });
    }

    private Mono<Answer> exchange(String method, String url, String token, String body) {
        return client.headers(headers -> {
                    if (body != null) {
                        headers.set("Content-Type", "application/json");
                    }
                    if (token != null) {
                        headers.set("Authorization", "Bearer " + token);
                    }
                })
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
                .uri(url)
                .send(body == null ? ByteBufMono.empty() : ByteBufMono.fromString(Mono.just(body)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text, System.nanoTime())))
                .timeout(TIMEOUT);
    }

    /** A string field of a flat JSON object (the token answer has no escapes: JWTs and base64url). */
    static String field(String json, String name) {
        Matcher value = FIELDS.computeIfAbsent(name,
                key -> Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"")).matcher(json);
        if (!value.find()) {
            throw new IllegalStateException("no \"" + name + "\" in the answer");
        }
        return value.group(1);
    }
}
