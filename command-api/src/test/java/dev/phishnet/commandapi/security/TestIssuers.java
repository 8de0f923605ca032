package dev.phishnet.commandapi.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Tiny OIDC issuers for tests: one JDK HTTP server on 127.0.0.1 serving, per issuer {@code /<name>}, a discovery
 * document and the JWKS of an RSA key made for the test, and remembering every path it was asked for.
 */
final class TestIssuers implements AutoCloseable {

    private final HttpServer server;

    private final Map<String, Issuer> issuers = new ConcurrentHashMap<>();

    private final List<String> requests = new CopyOnWriteArrayList<>();

    TestIssuers() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    /** Stands up an issuer at {@code /<name>} with a fresh signing key. */
    Issuer issuer(String name) {
        String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
        Issuer issuer = new Issuer(uri, generateKey(name));
        issuers.put(name, issuer);
        return issuer;
    }

    /** How many requests the server saw for the issuer at {@code /<name>}, discovery and keys alike. */
    long requestsTo(String name) {
        return requests.stream().filter(path -> path.startsWith("/" + name + "/")).count();
    }

    long discoveriesOf(String name) {
        return requests.stream().filter(path -> path.equals("/" + name + "/.well-known/openid-configuration")).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        String[] parts = path.split("/", 3);
        Issuer issuer = parts.length == 3 ? issuers.get(parts[1]) : null;
        String body = null;
        if (issuer != null && parts[2].equals(".well-known/openid-configuration")) {
            body = JSONObjectUtils.toJSONString(Map.of(
                    "issuer", issuer.uri(),
                    "jwks_uri", issuer.uri() + "/jwks",
                    "authorization_endpoint", issuer.uri() + "/auth",
                    "token_endpoint", issuer.uri() + "/token",
                    "response_types_supported", List.of("code"),
                    "subject_types_supported", List.of("public"),
                    "id_token_signing_alg_values_supported", List.of("RS256")));
        } else if (issuer != null && parts[2].equals("jwks")) {
            body = new JWKSet(issuer.key().toPublicJWK()).toString();
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static RSAKey generateKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One issuer: its identifier and the key its tokens are signed with. */
    record Issuer(String uri, RSAKey key) {

        /** Claims of a token valid for five minutes from now, for subject {@code sub}. */
        JWTClaimsSet.Builder claims(String sub) {
            Instant now = Instant.now();
            return new JWTClaimsSet.Builder()
                    .issuer(uri)
                    .subject(sub)
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        }

        /** Signs the claims with RS256 and this issuer's key, as a real issuer would. */
        String sign(JWTClaimsSet.Builder claims) {
            try {
                SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT).build(), claims.build());
                token.sign(new RSASSASigner(key));
                return token.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
