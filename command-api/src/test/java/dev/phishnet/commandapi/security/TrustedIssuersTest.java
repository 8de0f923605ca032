package dev.phishnet.commandapi.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import dev.phishnet.commandapi.token.TokenSettings;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

class TrustedIssuersTest {

    private static final OwnTokens own = new OwnTokens(new TokenSettings("http://127.0.0.1:8080",
            Duration.ofMinutes(10), null, null), new JWKSet(), new EndedSessions());

    @Test
    void anExternalIssuerUnderTheApisOwnIdentifierStopsTheService() {
        List<TrustedIssuer> clash = List.of(new TrustedIssuer("http://127.0.0.1:8080", null, null, null));

        assertThatIllegalStateException().isThrownBy(() -> new TrustedIssuers(own, clash, WebClient.create()))
                .withMessageContaining("platform.tokens.issuer");
    }

    @Test
    void theApisOwnIdentifierResolvesToItsOwnAuthentication() {
        TrustedIssuers issuers = new TrustedIssuers(own,
                List.of(new TrustedIssuer("https://idp.example", null, null, null)), WebClient.create());

        assertThat(issuers.resolve("http://127.0.0.1:8080").block()).isSameAs(own.authentication());
        assertThat(issuers.resolve("https://idp.example").block()).isNotSameAs(own.authentication());
    }
}
