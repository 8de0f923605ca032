package dev.phishnet.localstack;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A DEVELOPMENT token issuer for the local stack, and nothing else: it signs an access token for whoever asks, with
 * whatever subject, tenant and roles they ask for. It exists so that a {@code ./run.sh} stack can be called with
 * bearer tokens before the API issues its own (login); command-api trusts it only because run.sh configures it so.
 *
 * <ul>
 * <li>{@code GET /.well-known/openid-configuration}: OIDC discovery, issuer {@code http://<host>:<port>}</li>
 * <li>{@code GET /jwks.json}: the public key</li>
 * <li>{@code POST /token} with {@code {"sub", "tenant", "roles": [..], "ttlSeconds"?}}: an RS256 JWT</li>
 * <li>{@code POST /mailbox} with {@code {"email", "code", "validForSeconds"}} (command-api's webhook code sender) and
 * {@code GET /mailbox?email=<address>}: the {@link DevMailbox} for one-time sign-in codes</li>
 * </ul>
 *
 * The RSA key is generated on first start and kept in the key file (owner-only permissions), so tokens and the key
 * id stay valid across restarts of the stack.
 */
final class DevTokenIssuer implements AutoCloseable {

    static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    static final Duration MAX_TTL = Duration.ofDays(1);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final Set<String> TOKEN_REQUEST_FIELDS = Set.of("sub", "tenant", "roles", "ttlSeconds");

    private final HttpServer server;
    private final ExecutorService workers;
    private final RSAKey key;
    private final String issuer;
    private final Clock clock;
    private final DevMailbox mailbox = new DevMailbox();

    private DevTokenIssuer(HttpServer server, ExecutorService workers, RSAKey key, String issuer, Clock clock) {
        this.server = server;
        this.workers = workers;
        this.key = key;
        this.issuer = issuer;
        this.clock = clock;
    }

    static DevTokenIssuer start(String host, int port, Path keyFile) throws IOException {
        return start(host, port, keyFile, Clock.systemUTC());
    }

    static DevTokenIssuer start(String host, int port, Path keyFile, Clock clock) throws IOException {
        var key = loadOrCreateKey(keyFile);
        var server = HttpServer.create(new InetSocketAddress(host, port), 64);
        var workers = Executors.newFixedThreadPool(4, runnable -> {
            var thread = new Thread(runnable, "dev-token-issuer");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        // The issuer names the port actually bound (port 0 in tests).
        var issuer = "http://" + host + ":" + server.getAddress().getPort();
        var devIssuer = new DevTokenIssuer(server, workers, key, issuer, clock);
        server.createContext("/", devIssuer::handle);
        server.start();
        return devIssuer;
    }

    String issuer() {
        return issuer;
    }

    String keyId() {
        return key.getKeyID();
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        } catch (RuntimeException e) {
            System.err.println("DevTokenIssuer: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " failed: " + e);
            throw e;
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        var path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/.well-known/openid-configuration" -> {
                if (allowed(exchange, "GET")) {
                    respond(exchange, 200, discovery());
                }
            }
            case "/jwks.json" -> {
                if (allowed(exchange, "GET")) {
                    respond(exchange, 200, new JWKSet(key.toPublicJWK()).toJSONObject(true));
                }
            }
            case "/token" -> {
                if (allowed(exchange, "POST")) {
                    token(exchange);
                }
            }
            case "/mailbox" -> mailbox(exchange);
            default -> respond(exchange, 404, error("not_found", "nothing at " + path + ": this development issuer "
                    + "serves GET /.well-known/openid-configuration, GET /jwks.json, POST /token and GET|POST /mailbox"));
        }
    }

    private static boolean allowed(HttpExchange exchange, String method) throws IOException {
        if (method.equals(exchange.getRequestMethod())) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", method);
        respond(exchange, 405, error("method_not_allowed", "use " + method));
        return false;
    }

    private Map<String, Object> discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", issuer + "/jwks.json");
        document.put("token_endpoint", issuer + "/token");
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of(JWSAlgorithm.RS256.getName()));
        return document;
    }

    private void token(HttpExchange exchange) throws IOException {
        TokenRequest request;
        try {
            request = TokenRequest.parse(readBody(exchange));
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, error("invalid_request", e.getMessage()));
            return;
        }
        var token = mint(request);
        System.out.println("DevTokenIssuer: minted a token for sub=" + request.subject() + " tenant="
                + request.tenant() + " roles=" + request.roles() + ", valid " + request.ttl().toSeconds() + " s");
        System.out.flush();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", request.ttl().toSeconds());
        respond(exchange, 200, answer);
    }

    /** Codes are delivered (POST) and read (GET); neither is ever printed, so no code reaches a log. */
    private void mailbox(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestMethod()) {
            case "POST" -> {
                Map<String, Object> fields;
                try {
                    fields = JSONObjectUtils.parse(readBody(exchange));
                } catch (ParseException | IllegalArgumentException e) {
                    respond(exchange, 400, error("invalid_request", "the body must be a JSON object like "
                            + "{\"email\":\"a@example.com\",\"code\":\"123456\",\"validForSeconds\":300}"));
                    return;
                }
                if (!(fields.get("email") instanceof String email) || email.isBlank()
                        || !(fields.get("code") instanceof String code) || code.isBlank()) {
                    respond(exchange, 400, error("invalid_request", "'email' and 'code' must be non-blank strings"));
                    return;
                }
                long validFor = fields.get("validForSeconds") instanceof Number seconds ? seconds.longValue() : 0;
                mailbox.deliver(email, new DevMailbox.Message(code, clock.instant(), validFor));
                respond(exchange, 202, Map.of("delivered", true));
            }
            case "GET" -> {
                var email = queryParameter(exchange, "email");
                if (email == null || email.isBlank()) {
                    respond(exchange, 400, error("invalid_request", "GET /mailbox?email=<address>"));
                    return;
                }
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("email", email);
                answer.put("messages", mailbox.messages(email).stream().map(DevMailbox.Message::toJson).toList());
                respond(exchange, 200, answer);
            }
            default -> {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                respond(exchange, 405, error("method_not_allowed", "use GET or POST"));
            }
        }
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        var query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (var pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Signs a token for the request; package-private for the test, which needs no HTTP to check a signature. */
    String mint(TokenRequest request) {
        // Whole seconds: JWT times are NumericDates.
        var now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(request.subject())
                .claim("tenant", request.tenant())
                .claim("roles", request.roles())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(request.ttl())))
                .jwtID(UUID.randomUUID().toString())
                .build();
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build();
        var jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with the development key failed", e);
        }
        return jwt.serialize();
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            if (body.length > MAX_REQUEST_BYTES) {
                throw new IllegalArgumentException("the request body is larger than " + MAX_REQUEST_BYTES + " bytes");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What a caller asks to be told it is; nothing is checked beyond the shape. */
    record TokenRequest(String subject, String tenant, List<String> roles, Duration ttl) {

        static TokenRequest parse(String json) {
            Map<String, Object> fields;
            try {
                fields = JSONObjectUtils.parse(json);
            } catch (ParseException e) {
                throw new IllegalArgumentException("the body must be a JSON object like "
                        + "{\"sub\":\"<user id>\",\"tenant\":\"default\",\"roles\":[\"admin\"],\"ttlSeconds\":600}");
            }
            for (var name : fields.keySet()) {
                if (!TOKEN_REQUEST_FIELDS.contains(name)) {
                    throw new IllegalArgumentException("unknown field '" + name + "' (known: sub, tenant, roles, "
                            + "ttlSeconds)");
                }
            }
            return new TokenRequest(text(fields, "sub"), text(fields, "tenant"), roles(fields.get("roles")),
                    ttl(fields.get("ttlSeconds")));
        }

        private static String text(Map<String, Object> fields, String name) {
            if (!(fields.get(name) instanceof String value) || value.isBlank()) {
                throw new IllegalArgumentException("'" + name + "' must be a non-blank string");
            }
            return value;
        }

        private static List<String> roles(Object value) {
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                throw new IllegalArgumentException("'roles' must be an array of strings, e.g. [\"admin\"]");
            }
            var roles = new ArrayList<String>();
            list.forEach(role -> roles.add((String) role));
            return List.copyOf(roles);
        }

        private static Duration ttl(Object value) {
            if (value == null) {
                return DEFAULT_TTL;
            }
            // Gson reads every JSON number as a double.
            if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())
                    || number.longValue() < 1 || number.longValue() > MAX_TTL.toSeconds()) {
                throw new IllegalArgumentException("'ttlSeconds' must be a whole number from 1 to "
                        + MAX_TTL.toSeconds());
            }
            return Duration.ofSeconds(number.longValue());
        }
    }

    /**
     * The key of an earlier start, else a new one written owner-only. A key file that cannot be read is an error, not
     * a reason to make a new key silently: every token handed out so far would stop working without a word.
     */
    static RSAKey loadOrCreateKey(Path keyFile) throws IOException {
        if (Files.exists(keyFile)) {
            try {
                var key = RSAKey.parse(Files.readString(keyFile));
                if (!key.isPrivate() || key.getKeyID() == null) {
                    throw new ParseException("not a private RSA key with a kid", 0);
                }
                return key;
            } catch (ParseException e) {
                throw new IOException("cannot read the development issuer's key from " + keyFile + " (" + e.getMessage()
                        + "); delete the file to get a new key (tokens signed with the old one stop working)", e);
            }
        }
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
        writeOwnerOnly(keyFile, key.toJSONString());
        return key;
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        var directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        // Created with 600 from the start (no window in which it is readable by others), then moved into place so
        // that a crash never leaves half a key behind.
        var temporary = directory.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Map<String, Object> error(String code, String description) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", code);
        error.put("error_description", description);
        return error;
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    @Override
    public String toString() {
        return "DevTokenIssuer[" + issuer + "]";
    }
}
