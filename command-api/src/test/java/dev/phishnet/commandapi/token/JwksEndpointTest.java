package dev.phishnet.commandapi.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.phishnet.commandapi.token.TokenSettings.SigningKeyFile;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The published key set; that it needs no token is checked on the whole service (CommandApiApplicationTests). */
class JwksEndpointTest {

    @TempDir
    Path dir;

    @Test
    void publishesEveryKeysPublicHalfInOrderForFiveMinutesOfCaching() throws Exception {
        SigningKeys keys = SigningKeys.load(List.of(
                new SigningKeyFile("new", TestSigningKeys.ecKeyFile(dir.resolve("new.pem"))),
                new SigningKeyFile("old", TestSigningKeys.rsaKeyFile(dir.resolve("old.pem"), 2048))));

        String body = jwks(keys)
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, public")
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/jwk-set+json"))
                .expectBody(String.class).returnResult().getResponseBody();

        JWKSet published = JWKSet.parse(body);
        assertThat(published.getKeys()).extracting(JWK::getKeyID).containsExactly("new", "old");
        assertThat(published.getKeys()).noneMatch(JWK::isPrivate);
        assertThat(published.getKeys()).extracting(key -> key.getAlgorithm().getName())
                .containsExactly("ES256", "RS256");
        assertThat(body).doesNotContain("\"d\"");
    }

    @Test
    void aTokenTheApiIssuedVerifiesWithThePublishedKeys() throws Exception {
        SigningKeys keys = SigningKeys.load(List.of(
                new SigningKeyFile(null, TestSigningKeys.ecKeyFile(dir.resolve("key.pem")))));
        AccessTokens tokens = new AccessTokens(new TokenSettings("https://api.phishnet.test", Duration.ofMinutes(10),
                null, null), keys, Clock.systemUTC());
        SignedJWT token = SignedJWT.parse(tokens.issue(UserId.of("7f1d2c3b-0000-4000-8000-000000000001"),
                TenantId.of("acme"), Set.of(), "s-1").token());

        JWKSet published = JWKSet.parse(jwks(keys).expectBody(String.class).returnResult().getResponseBody());

        ECKey key = (ECKey) published.getKeyByKeyId(token.getHeader().getKeyID());
        assertThat(token.verify(new ECDSAVerifier(key))).isTrue();
    }

    @Test
    void answersPlainJsonToo() {
        SigningKeys keys = SigningKeys.load(List.of(
                new SigningKeyFile(null, TestSigningKeys.ecKeyFile(dir.resolve("key.pem")))));

        WebTestClient.bindToController(new JwksController(keys)).build()
                .get().uri("/.well-known/jwks.json").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().jsonPath("$.keys[0].kty").isEqualTo("EC");
    }

    private static WebTestClient.ResponseSpec jwks(SigningKeys keys) {
        return WebTestClient.bindToController(new JwksController(keys)).build()
                .get().uri("/.well-known/jwks.json").exchange();
    }
}
