package dev.phishnet.commandapi.authapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class SecretHashesTest {

    private final SecretHashes hashes = new SecretHashes("a-test-secret-of-at-least-thirty-two-characters");

    @Test
    void theSameTokenHashesTheSameAndDifferentTokensDifferently() {
        RefreshToken token = RefreshToken.issue(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        RefreshToken other = RefreshToken.issue(token.userId(), token.sessionId());

        assertThat(hashes.refreshToken(token)).isEqualTo(hashes.refreshToken(token)).startsWith("hmac-sha256:")
                .doesNotContain(token.secret());
        assertThat(hashes.refreshToken(other)).isNotEqualTo(hashes.refreshToken(token));
    }

    @Test
    void aCodeHashesDifferentlyForEachUserAndUnderEachSecret() {
        String code = "123456";

        assertThat(hashes.oneTimeCode("u-1", code)).isNotEqualTo(hashes.oneTimeCode("u-2", code))
                .doesNotContain(code);
        assertThat(new SecretHashes("another-secret-of-at-least-thirty-two-characters").oneTimeCode("u-1", code))
                .isNotEqualTo(hashes.oneTimeCode("u-1", code));
    }
}
