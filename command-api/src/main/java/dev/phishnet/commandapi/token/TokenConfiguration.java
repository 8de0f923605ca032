package dev.phishnet.commandapi.token;

import java.time.Clock;

import dev.phishnet.commandapi.CommandApiProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The signing keys, read at start-up (no key stops the service), and the signer of our access tokens. */
@Configuration(proxyBeanMethods = false)
public class TokenConfiguration {

    @Bean
    SigningKeys signingKeys(CommandApiProperties properties) {
        return SigningKeys.load(properties.tokens().signingKeys());
    }

    @Bean
    AccessTokens accessTokens(CommandApiProperties properties, SigningKeys keys) {
        return new AccessTokens(properties.tokens(), keys, Clock.systemUTC());
    }
}
