package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevTokenIssuerTest {

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private DevTokenIssuer issuer;

    @AfterEach
    void stop() {
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void aMintedTokenVerifiesAgainstTheKeysItsDiscoveryDocumentPointsTo() throws Exception {
        issuer = DevTokenIssuer.start("127.0.0.1", 0, keyFile());

        var token = SignedJWT.parse(mint("{\"sub\":\"u-1\",\"tenant\":\"default\",\"roles\":[\"admin\"]}"));

        var discovery = json(get(issuer.issuer() + "/.well-known/openid-configuration"));
        assertThat(discovery).containsEntry("issuer", issuer.issuer())
                .containsEntry("jwks_uri", issuer.issuer() + "/jwks.json");
        var keys = JWKSet.parse(get((String) discovery.get("jwks_uri")));
        var key = (RSAKey) keys.getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(key).as("the token's kid is in the JWKS").isNotNull();
        assertThat(key.isPrivate()).as("the JWKS serves the public key only").isFalse();
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(token.verify(new RSASSAVerifier(key))).isTrue();

        var claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(issuer.issuer());
        assertThat(claims.getSubject()).isEqualTo("u-1");
        assertThat(claims.getStringClaim("tenant")).isEqualTo("default");
        assertThat(claims.getStringListClaim("roles")).containsExactly("admin");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .as("default lifetime").isEqualTo(DevTokenIssuer.DEFAULT_TTL);
    }

    @Test
    void theKeyAndItsIdSurviveARestartSoEarlierTokensStillVerify() throws Exception {
        issuer = DevTokenIssuer.start("127.0.0.1", 0, keyFile());
        var before = SignedJWT.parse(mint("{\"sub\":\"u-1\",\"tenant\":\"t\",\"roles\":[],\"ttlSeconds\":60}"));
        var kid = issuer.keyId();
        issuer.close();

        issuer = DevTokenIssuer.start("127.0.0.1", 0, keyFile());

        assertThat(issuer.keyId()).isEqualTo(kid);
        var key = (RSAKey) JWKSet.parse(get(issuer.issuer() + "/jwks.json")).getKeyByKeyId(kid);
        assertThat(before.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(Files.getPosixFilePermissions(keyFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void refusesARequestThatDoesNotNameASubjectAndATenant() throws Exception {
        issuer = DevTokenIssuer.start("127.0.0.1", 0, keyFile());

        var noTenant = post("{\"sub\":\"u-1\",\"roles\":[\"admin\"]}");
        var unknownField = post("{\"sub\":\"u-1\",\"tenant\":\"t\",\"role\":\"admin\"}");

        assertThat(noTenant.statusCode()).isEqualTo(400);
        assertThat(noTenant.body()).contains("'tenant' must be a non-blank string");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).contains("unknown field 'role'");
    }

    @Test
    void refusesAnUnreadableKeyFileInsteadOfReplacingTheKey() throws Exception {
        Files.createDirectories(keyFile().getParent());
        Files.writeString(keyFile(), "{not a key");

        var failure = catchThrowable(() -> DevTokenIssuer.start("127.0.0.1", 0, keyFile()));

        assertThat(failure).hasMessageContaining(keyFile().toString()).hasMessageContaining("delete the file");
        assertThat(Files.readString(keyFile())).isEqualTo("{not a key");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMailboxKeepsTheCodesDeliveredToAnAddressForWhoeverAsksAndPrintsNone() throws Exception {
        issuer = DevTokenIssuer.start("127.0.0.1", 0, keyFile());
        var out = new java.io.ByteArrayOutputStream();
        var console = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(postTo("/mailbox", "{\"email\":\"Ana@Example.com\",\"code\":\"123456\",\"validForSeconds\":300}")
                    .statusCode()).isEqualTo(202);
            assertThat(postTo("/mailbox", "{\"email\":\"ana@example.com\",\"code\":\"654321\",\"validForSeconds\":300}")
                    .statusCode()).isEqualTo(202);
            assertThat(postTo("/mailbox", "{\"email\":\"ana@example.com\"}").statusCode()).isEqualTo(400);

            var mailbox = json(get(issuer.issuer() + "/mailbox?email=ANA%40example.com"));
            var messages = (List<Map<String, Object>>) mailbox.get("messages");
            assertThat(messages).extracting(message -> message.get("code")).containsExactly("123456", "654321");
            assertThat(json(get(issuer.issuer() + "/mailbox?email=nobody%40example.com")).get("messages"))
                    .asList().isEmpty();
        } finally {
            System.setOut(console);
        }
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("123456", "654321");
    }

    private HttpResponse<String> postTo(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(issuer.issuer() + path))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Path keyFile() {
        return dataDir.resolve("dev-issuer/key.json");
    }

    private String mint(String request) throws Exception {
        var response = post(request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        var body = json(response.body());
        assertThat(body).containsEntry("token_type", "Bearer").containsKey("expires_in");
        return (String) body.get("access_token");
    }

    private HttpResponse<String> post(String body) throws Exception {
        // No Content-Type, as `curl -d` sends form encoding: the issuer reads the body as JSON regardless.
        return http.send(HttpRequest.newBuilder(URI.create(issuer.issuer() + "/token"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(String url) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    private static Map<String, Object> json(String text) throws Exception {
        return JSONObjectUtils.parse(text);
    }
}
