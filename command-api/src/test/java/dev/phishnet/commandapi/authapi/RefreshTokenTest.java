package dev.phishnet.commandapi.authapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RefreshTokenTest {

    private static final String USER = UUID.randomUUID().toString();
    private static final String SESSION = UUID.randomUUID().toString();

    @Test
    void anIssuedTokenParsesBackToItsUserSessionAndSecret() {
        RefreshToken issued = RefreshToken.issue(USER, SESSION);

        assertThat(RefreshToken.parse(issued.value())).contains(issued);
        assertThat(issued.secret()).hasSize(43);
    }

    @Test
    void twoTokensOfOneSessionDiffer() {
        assertThat(RefreshToken.issue(USER, SESSION).value()).isNotEqualTo(RefreshToken.issue(USER, SESSION).value());
    }

    @Test
    void textThatThisServiceCouldNotHaveIssuedIsNoToken() {
        String secret = RefreshToken.issue(USER, SESSION).secret();
        assertThat(RefreshToken.parse("")).isEmpty();
        assertThat(RefreshToken.parse("a.b.c")).isEmpty();
        assertThat(RefreshToken.parse(USER + "." + SESSION)).isEmpty();
        assertThat(RefreshToken.parse(USER + "." + SESSION + "." + secret + ".x")).isEmpty();
        assertThat(RefreshToken.parse(USER + "." + SESSION + ".short")).isEmpty();
        assertThat(RefreshToken.parse(USER.toUpperCase() + "." + SESSION + "." + secret)).isEmpty();
    }

    @Test
    void itsTextNeverShowsTheSecret() {
        RefreshToken issued = RefreshToken.issue(USER, SESSION);

        assertThat(issued.toString()).doesNotContain(issued.secret());
    }
}
