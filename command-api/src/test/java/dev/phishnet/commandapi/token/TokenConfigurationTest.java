package dev.phishnet.commandapi.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phishnet.commandapi.CommandApiProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Start-up with the shipped application.yml: no signing key, no service. */
class TokenConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommandApiProperties.class)
    @Import(TokenConfiguration.class)
    static class Tokens {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Tokens.class);

    @Test
    void withoutASigningKeyTheServiceDoesNotStartAndSaysWhatToConfigure() {
        context.run(started -> assertThat(started).hasFailed().getFailure()
                .rootCause().hasMessageContaining("No token signing key is configured")
                .hasMessageContaining("PLATFORM_TOKENS_SIGNINGKEYS_0_PRIVATEKEYFILE"));
    }

    @Test
    void withOneItSignsUnderTheShippedDefaults() {
        context.withPropertyValues(TestSigningKeys.KEY_FILE_PROPERTY + "=" + TestSigningKeys.sharedKeyFile())
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    TokenSettings settings = started.getBean(CommandApiProperties.class).tokens();
                    assertThat(settings.issuer()).isEqualTo("http://127.0.0.1:8080");
                    assertThat(settings.accessTokenTtl()).hasMinutes(10);
                    assertThat(settings.audience()).isNull();
                    assertThat(started.getBean(AccessTokens.class)).isNotNull();
                });
    }

    @Test
    void aRevocationLookbackShorterThanTheTokenLifetimeIsRefused() {
        context.withPropertyValues(TestSigningKeys.KEY_FILE_PROPERTY + "=" + TestSigningKeys.sharedKeyFile(),
                "platform.tokens.access-token-ttl=1h")
                .run(started -> assertThat(started).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("platform.sessions.revocation-lookback"));
    }
}
