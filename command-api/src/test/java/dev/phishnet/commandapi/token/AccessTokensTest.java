package dev.phishnet.commandapi.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.phishnet.commandapi.token.AccessTokens.AccessToken;
import dev.phishnet.commandapi.token.TokenSettings.SigningKeyFile;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessTokensTest {

    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00.750Z");
    private static final UserId USER = UserId.of("7f1d2c3b-0000-4000-8000-000000000001");
    private static final TenantId TENANT = TenantId.of("acme");
    private static final String SESSION = "5b6e0c1a-0000-4000-8000-00000000beef";

    @TempDir
    Path dir;

    @Test
    void aTokenVerifiesWithThePublishedKeyOfItsKid() throws Exception {
        SigningKeys keys = ecKeys();
        AccessToken issued = tokens(keys, null).issue(USER, TENANT, Set.of(Role.USER), SESSION);

        SignedJWT token = SignedJWT.parse(issued.token());
        JWKSet published = JWKSet.parse(keys.publicKeys().toString(false));
        ECKey key = (ECKey) published.getKeyByKeyId(token.getHeader().getKeyID());

        assertThat(key).as("the kid names a published key").isNotNull();
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(token.getHeader().getType().getType()).isEqualTo("at+jwt");
        assertThat(token.verify(new ECDSAVerifier(key))).isTrue();
    }

    @Test
    void theClaimsNameTheUserTheirTenantRolesAndSession() throws Exception {
        AccessToken issued = tokens(ecKeys(), null).issue(USER, TENANT, EnumSet.of(Role.USER, Role.ADMIN), SESSION);

        JWTClaimsSet claims = SignedJWT.parse(issued.token()).getJWTClaimsSet();

        assertThat(claims.getIssuer()).isEqualTo("https://api.phishnet.test");
        assertThat(claims.getSubject()).isEqualTo(USER.value());
        assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(claims.getStringListClaim("roles")).containsExactly("admin", "user");
        assertThat(claims.getStringClaim("sid")).isEqualTo(SESSION);
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T09:30:00Z"));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2026-03-01T09:40:00Z"));
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getAudience()).isEmpty();
        assertThat(issued.expiresIn()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void everyTokenHasItsOwnId() throws Exception {
        AccessTokens tokens = tokens(ecKeys(), null);

        String first = SignedJWT.parse(tokens.issue(USER, TENANT, Set.of(), SESSION).token()).getJWTClaimsSet()
                .getJWTID();
        String second = SignedJWT.parse(tokens.issue(USER, TENANT, Set.of(), SESSION).token()).getJWTClaimsSet()
                .getJWTID();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aConfiguredAudienceIsClaimed() throws Exception {
        AccessToken issued = tokens(ecKeys(), "phishnet-api").issue(USER, TENANT, Set.of(Role.ANALYST), SESSION);

        assertThat(SignedJWT.parse(issued.token()).getJWTClaimsSet().getAudience()).containsExactly("phishnet-api");
    }

    @Test
    void anRsaKeySignsRs256() throws Exception {
        SigningKeys keys = SigningKeys.load(List.of(new SigningKeyFile(null,
                TestSigningKeys.rsaKeyFile(dir.resolve("rsa.pem"), 2048))));

        SignedJWT token = SignedJWT.parse(tokens(keys, null).issue(USER, TENANT, Set.of(), SESSION).token());

        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(token.verify(new RSASSAVerifier((RSAKey) keys.publicKeys().getKeys().get(0)))).isTrue();
    }

    @Test
    void aTokenBelongsToASession() {
        AccessTokens tokens = tokens(ecKeys(), null);

        assertThatIllegalArgumentException().isThrownBy(() -> tokens.issue(USER, TENANT, Set.of(), " "))
                .withMessageContaining("sessionId");
    }

    @Test
    void theTokenStaysOutOfToString() {
        AccessToken issued = tokens(ecKeys(), null).issue(USER, TENANT, Set.of(), SESSION);

        assertThat(issued.toString()).doesNotContain(issued.token()).contains("PT10M");
    }

    private SigningKeys ecKeys() {
        return SigningKeys.load(List.of(new SigningKeyFile(null, TestSigningKeys.ecKeyFile(dir.resolve("ec.pem")))));
    }

    private static AccessTokens tokens(SigningKeys keys, String audience) {
        TokenSettings settings = new TokenSettings("https://api.phishnet.test", Duration.ofMinutes(10), audience,
                null);
        return new AccessTokens(settings, keys, Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
