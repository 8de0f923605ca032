package dev.phishnet.localstack.chaos;

import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.phishnet.localstack.Mailbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A steady load of mixed commands from a few client threads, each with users of its own: registrations, profile
 * changes, sign-ins with a password or a one-time code, refreshes, sign-outs, analyses, indicator reports, and a share
 * of requests that must be refused (a taken email, invalid fields, a wrong password). Every request is recorded with
 * what its client was told ({@link Sent}); every password, refresh token and code it used is kept for the secrets
 * scan. When the API does not answer (killed), a thread waits for it to accept connections again before it goes on.
 */
final class Load implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Load.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String api;
    private final String issuer;
    private final Mailbox mailbox;
    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final Set<String> passwords = ConcurrentHashMap.newKeySet();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> codes = ConcurrentHashMap.newKeySet();
    /** Emails of users whose registration a client saw succeed: the ones a duplicate registration may reuse. */
    private final Queue<String> registeredEmails = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService clients;

    private record User(String id, String email, String password) {
    }

    /** @param issuedAt when the access token was handed out ({@code System.nanoTime()}) */
    private record Session(User user, String accessToken, String refreshToken, long issuedAt) {

        Session(User user, String accessToken, String refreshToken) {
            this(user, accessToken, refreshToken, System.nanoTime());
        }

        /** As a client does: an access token close to its end (10 minutes) is refreshed before it is used. */
        boolean expiring() {
            return System.nanoTime() - issuedAt > TOKEN_REFRESH_AFTER.toNanos();
        }
    }

    private static final Duration TOKEN_REFRESH_AFTER = Duration.ofMinutes(8);
    /**
     * Sign-ins per user at most: a user's sixth concurrent session would evict the oldest (max-sessions 5), and that
     * session's tokens would then be refused on purpose, which the verifier could not tell from a lost session.
     */
    private static final int SIGN_INS_PER_USER = 4;

    /** One-time codes are read from the development mailbox beside the {@code issuer}, as the stack's user reads them. */
    Load(String api, String issuer, int threads) {
        this.api = api;
        this.issuer = issuer;
        this.mailbox = new Mailbox(issuer);
        this.clients = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            int client = i;
            clients.submit(() -> run(client));
        }
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    Set<String> passwords() {
        return Set.copyOf(passwords);
    }

    Set<String> refreshTokens() {
        return Set.copyOf(refreshTokens);
    }

    Set<String> codes() {
        return Set.copyOf(codes);
    }

    /** Stops sending: each client finishes the request in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        if (!clients.awaitTermination(2, TimeUnit.MINUTES)) {
            clients.shutdownNow();
        }
    }

    /** Requests that got an answer other than 503: the load is making progress. */
    long answered() {
        return sent.stream().filter(request -> !request.unknown()).count();
    }

    private final Map<String, Integer> signIns = new ConcurrentHashMap<>();

    /** Whether the user may sign in once more (see {@link #SIGN_INS_PER_USER}); counts the sign-in if so. */
    private boolean maySignIn(User user) {
        return signIns.merge(user.id(), 1, Integer::sum) <= SIGN_INS_PER_USER;
    }

    private void run(int client) {
        var users = new ArrayList<User>();
        var sessions = new ArrayList<Session>();
        String analyst = null;
        while (running.get()) {
            try {
                if (analyst == null) {
                    analyst = devToken("analyst-" + client, "analyst");
                }
                step(users, sessions, analyst);
            } catch (Exception e) {
                log.info("Load client {}: {}; waiting for the API", client, e.toString());
                awaitApi();
            }
        }
    }

    /** One request, picked by weight among those the client's state allows (a session needs a user first, ...). */
    private void step(List<User> users, List<Session> sessions, String analyst) throws Exception {
        var random = ThreadLocalRandom.current();
        int roll = random.nextInt(100);
        if (users.isEmpty() || roll < 18) {
            register(users);
        } else if (roll < 22) {
            registerTakenEmail();
        } else if (roll < 25) {
            registerInvalid();
        } else if (roll < 33) {
            var session = usable(sessions);
            if (session != null) {
                updateProfile(session);
            } else {
                logIn(pick(users), sessions);
            }
        } else if (roll < 36) {
            var session = usable(sessions);
            if (session != null) {
                updateProfileInvalid(session);
            }
        } else if (roll < 48) {
            logIn(pick(users), sessions);
        } else if (roll < 52) {
            logInWrongPassword(users);
        } else if (roll < 60) {
            var session = usable(sessions);
            if (session != null) {
                refresh(session, sessions);
            }
        } else if (roll < 64) {
            var session = usable(sessions);
            if (session != null) {
                logOut(session, sessions);
            }
        } else if (roll < 67) {
            logInWithCode(users, sessions);
        } else if (roll < 80) {
            var session = usable(sessions);
            if (session != null) {
                requestAnalysis(session);
            } else {
                logIn(pick(users), sessions);
            }
        } else if (roll < 83) {
            var session = usable(sessions);
            if (session != null) {
                requestAnalysisInvalid(session);
            }
        } else {
            reportIndicator(analyst);
        }
    }

    // ---- the requests --------------------------------------------------------------------------------------------

    private void register(List<User> users) throws Exception {
        var email = "chaos-" + UUID.randomUUID() + "@example.com";
        var password = secret();
        var answer = send(Kind.REGISTER, post("/api/v1/users", Map.of("email", email, "password", password,
                "fullName", "Chaos " + email.substring(6, 14))).header("Idempotency-Key", UUID.randomUUID().toString()));
        if (answer.status() == 201) {
            users.add(new User(answer.resourceId(), email, password));
            registeredEmails.add(email);
        }
    }

    private void registerTakenEmail() throws Exception {
        var taken = registeredEmails.peek();
        if (taken == null) {
            return;
        }
        send(Kind.REGISTER_TAKEN_EMAIL, post("/api/v1/users", Map.of("email", taken, "password", secret(),
                "fullName", "Second of " + taken.substring(6, 14))).header("Idempotency-Key",
                UUID.randomUUID().toString()));
    }

    private void registerInvalid() throws Exception {
        send(Kind.REGISTER_INVALID, post("/api/v1/users", Map.of("email", "not-an-email", "password", secret(),
                "fullName", "Nobody")).header("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private void updateProfile(Session session) throws Exception {
        send(Kind.UPDATE_PROFILE, patch("/api/v1/users/" + session.user().id() + "/profile",
                Map.of("bio", "bio " + UUID.randomUUID(), "timezone", "Europe/Paris"), session.accessToken())
                .header("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private void updateProfileInvalid(Session session) throws Exception {
        send(Kind.UPDATE_PROFILE_INVALID, patch("/api/v1/users/" + session.user().id() + "/profile",
                Map.of("timezone", "Mars/Olympus_Mons"), session.accessToken())
                .header("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private void logIn(User user, List<Session> sessions) throws Exception {
        if (!maySignIn(user)) {
            return;
        }
        var answer = sendForJson(Kind.LOG_IN, post("/api/v1/auth/login",
                Map.of("email", user.email(), "password", user.password())));
        if (answer.body() != null) {
            sessions.add(new Session(user, (String) answer.body().get("accessToken"),
                    (String) answer.body().get("refreshToken")));
        }
    }

    /** Each user at most once: five wrong passwords would lock the account (and its right password with it). */
    private void logInWrongPassword(List<User> users) throws Exception {
        var user = users.remove(users.size() - 1);
        send(Kind.LOG_IN_WRONG_PASSWORD, post("/api/v1/auth/login",
                Map.of("email", user.email(), "password", secret())));
        users.add(0, new User(user.id(), user.email(), user.password()));
    }

    private void refresh(Session session, List<Session> sessions) throws Exception {
        sessions.remove(session);
        var answer = sendForJson(Kind.REFRESH, post("/api/v1/auth/refresh",
                Map.of("refreshToken", session.refreshToken())));
        // After an unknown outcome the token may have been spent: using it again would be a reuse (ending the
        // session on purpose), so the session is left alone.
        if (answer.body() != null) {
            sessions.add(new Session(session.user(), (String) answer.body().get("accessToken"),
                    (String) answer.body().get("refreshToken")));
        }
    }

    private void logOut(Session session, List<Session> sessions) throws Exception {
        sessions.remove(session);
        send(Kind.LOG_OUT, HttpRequest.newBuilder(URI.create(api + "/api/v1/auth/logout"))
                .header("Authorization", "Bearer " + session.accessToken())
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** One code per user (the log line is found by the address): the request, the code from the log, the sign-in. */
    private void logInWithCode(List<User> users, List<Session> sessions) throws Exception {
        if (users.size() < 2) {
            return;
        }
        var user = users.remove(0);
        if (!maySignIn(user)) {
            return;
        }
        var requested = send(Kind.REQUEST_CODE, post("/api/v1/auth/otp", Map.of("email", user.email())));
        if (requested.status() != 202) {
            return;
        }
        Optional<String> code;
        try {
            code = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> mailbox.latestCode(user.email()), Optional::isPresent);
        } catch (org.awaitility.core.ConditionTimeoutException killedMeanwhile) {
            return;
        }
        codes.add(code.orElseThrow());
        var answer = sendForJson(Kind.LOG_IN_WITH_CODE, post("/api/v1/auth/otp/verify",
                Map.of("email", user.email(), "code", code.orElseThrow())));
        if (answer.body() != null) {
            sessions.add(new Session(user, (String) answer.body().get("accessToken"),
                    (String) answer.body().get("refreshToken")));
        }
    }

    private void requestAnalysis(Session session) throws Exception {
        send(Kind.REQUEST_ANALYSIS, post("/api/v1/analyses", Map.of("gmailMessageId", UUID.randomUUID().toString(),
                "subject", "Invoice " + UUID.randomUUID(), "sender", "billing@chaos.example",
                "recipient", session.user().email(), "receivedAt", Instant.now().toString()),
                session.accessToken()).header("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private void requestAnalysisInvalid(Session session) throws Exception {
        send(Kind.REQUEST_ANALYSIS_INVALID, post("/api/v1/analyses", Map.of("gmailMessageId",
                UUID.randomUUID().toString(), "sender", "billing@chaos.example",
                "recipient", session.user().email()), session.accessToken())
                .header("Idempotency-Key", UUID.randomUUID().toString()));
    }

    private void reportIndicator(String analyst) throws Exception {
        send(Kind.REPORT_INDICATOR, post("/api/v1/threat-intel", Map.of("indicator",
                UUID.randomUUID() + ".chaos.example", "indicatorType", "domain", "threatType", "phishing",
                "threatLevel", "high", "confidenceScore", 0.9, "source", "chaos", "tags", List.of("chaos")),
                analyst).header("Idempotency-Key", UUID.randomUUID().toString()));
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------------

    private record Answer(int status, String resourceId, Map<String, Object> body) {
    }

    private Answer send(Kind kind, HttpRequest.Builder request) throws Exception {
        return exchange(kind, request);
    }

    /** The answer's JSON body when it is a 200 carrying tokens (a sign-in or refresh), whose refresh token is kept. */
    private Answer sendForJson(Kind kind, HttpRequest.Builder request) throws Exception {
        var answer = exchange(kind, request);
        if (answer.status() == 200 && answer.body() != null && answer.body().get("refreshToken") instanceof String t) {
            refreshTokens.add(t);
            return answer;
        }
        return new Answer(answer.status(), answer.resourceId(), null);
    }

    /**
     * Sends the request under a fresh id (its User-Agent) from an address of its own ({@code X-Forwarded-For}: the
     * API runs behind a "proxy", so that wrong passwords from one client do not lock the one address 127.0.0.1), and
     * records what came back. A connection error is recorded as an unknown outcome, then rethrown.
     */
    private Answer exchange(Kind kind, HttpRequest.Builder request) throws Exception {
        var id = "chaos-" + UUID.randomUUID();
        var random = ThreadLocalRandom.current();
        request.header("User-Agent", id).header("X-Forwarded-For",
                "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254)))
                .timeout(Duration.ofSeconds(30));
        HttpResponse<String> response;
        long sentAt = System.nanoTime();
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException noAnswer) {
            sent.add(new Sent(id, kind, 0, null, noAnswer.toString(), sentAt, System.nanoTime(), null, null));
            throw noAnswer;
        }
        long answeredAt = System.nanoTime();
        Map<String, Object> body = null;
        String resourceId = null;
        String detail = response.headers().firstValue("WWW-Authenticate").orElse(null);
        if (response.body() != null && response.body().startsWith("{")) {
            body = JSONObjectUtils.parse(response.body());
            resourceId = body.get("id") instanceof String text ? text
                    : body.get("sessionId") instanceof String text ? text : null;
            if (response.statusCode() >= 400 && body.get("detail") instanceof String text) {
                detail = detail == null ? text : detail + "; " + text;
            }
        }
        sent.add(new Sent(id, kind, response.statusCode(), resourceId, detail, sentAt, answeredAt,
                response.headers().firstValue("Content-Type").orElse(null),
                response.headers().firstValue("Retry-After").orElse(null)));
        return new Answer(response.statusCode(), resourceId, body);
    }

    private HttpRequest.Builder post(String path, Map<String, ?> body) throws Exception {
        return post(path, body, null);
    }

    private HttpRequest.Builder post(String path, Map<String, ?> body, String token) {
        passwordsIn(body);
        var request = HttpRequest.newBuilder(URI.create(api + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private HttpRequest.Builder patch(String path, Map<String, ?> body, String token) {
        return HttpRequest.newBuilder(URI.create(api + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)));
    }

    private void passwordsIn(Map<String, ?> body) {
        if (body.get("password") instanceof String password) {
            passwords.add(password);
        }
    }

    private String devToken(String subject, String role) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(Map.of("sub", subject,
                        "tenant", "default", "roles", List.of(role), "ttlSeconds", 3600)))).build(),
                HttpResponse.BodyHandlers.ofString());
        return (String) JSONObjectUtils.parse(response.body()).get("access_token");
    }

    /** Until the API accepts connections again (it was killed and is restarting), or the load is stopped. */
    private void awaitApi() {
        await().atMost(Duration.ofDays(1)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!running.get()) {
                return true;
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(api + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() > 0;
            } catch (IOException down) {
                return false;
            }
        });
    }

    /** A session to act with; one whose access token is about to expire is refreshed first (as a client would). */
    private Session usable(List<Session> sessions) throws Exception {
        var session = pick(sessions);
        if (session != null && session.expiring()) {
            refresh(session, sessions);
            return null;
        }
        return session;
    }

    private static <T> T pick(List<T> items) {
        return items.isEmpty() ? null : items.get(ThreadLocalRandom.current().nextInt(items.size()));
    }

    /** 24 random characters: distinctive enough that finding one anywhere is never a coincidence. */
    private static String secret() {
        var text = new StringBuilder("S3cr3t-");
        for (int i = 0; i < 24; i++) {
            text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
