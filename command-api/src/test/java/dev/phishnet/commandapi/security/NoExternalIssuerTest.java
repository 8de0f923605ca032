package dev.phishnet.commandapi.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.token.AccessTokens;
import dev.phishnet.commandapi.token.TestSigningKeys;
import dev.phishnet.commandapi.token.TokenConfiguration;
import dev.phishnet.commandapi.user.Role;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The shipped defaults: no external issuer (only the API's own tokens count) and closed registration. */
@WebFluxTest(useDefaultFilters = false)
@ContextConfiguration(classes = NoExternalIssuerTest.Slice.class)
class NoExternalIssuerTest {

    private static final TestIssuers servers = new TestIssuers();
    private static final TestIssuers.Issuer issuer = servers.issuer("acme");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommandApiProperties.class)
    @Import({SecurityConfiguration.class, TokenConfiguration.class, CallerEcho.class})
    static class Slice {

        @Bean
        EndedSessions endedSessions() {
            return new EndedSessions();
        }
    }

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        TestSigningKeys.register(registry);
    }

    @AfterAll
    static void stopIssuers() {
        servers.close();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    AccessTokens accessTokens;

    @Test
    void anExternalTokenIsRefusedAsUntrustedWithoutAskingItsIssuer() {
        String wellSigned = issuer.sign(issuer.claims("user-1").claim("tenant", "tenant-a"));

        web.get().uri("/api/v1/test/whoami").headers(headers -> headers.setBearerAuth(wellSigned)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> assertThat(value)
                        .contains("error=\"invalid_token\"").contains("issuer is not trusted"));
        assertThat(servers.requestsTo("acme")).isZero();
    }

    @Test
    void theApisOwnTokensAreAccepted() {
        String userId = "7f1d2c3b-0000-4000-8000-000000000001";
        String token = accessTokens.issue(UserId.of(userId), TenantId.of("default"), Set.of(Role.USER), "s-1")
                .token();

        web.get().uri("/api/v1/test/whoami").headers(headers -> headers.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody(CallerEcho.WhoAmI.class)
                .value(whoAmI -> assertThat(whoAmI.caller())
                        .isEqualTo(new Caller(userId, "default", Set.of("user"), "s-1")));
    }

    @Test
    void closedRegistrationNeedsAToken() {
        web.post().uri("/api/v1/users").exchange().expectStatus().isUnauthorized();
    }
}
