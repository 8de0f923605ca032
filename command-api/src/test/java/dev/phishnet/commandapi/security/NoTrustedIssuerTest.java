package dev.phishnet.commandapi.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phishnet.commandapi.CommandApiProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The shipped defaults: no trusted issuer and closed registration. */
@WebFluxTest(useDefaultFilters = false)
@ContextConfiguration(classes = NoTrustedIssuerTest.Slice.class)
class NoTrustedIssuerTest {

    private static final TestIssuers servers = new TestIssuers();
    private static final TestIssuers.Issuer issuer = servers.issuer("acme");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CommandApiProperties.class)
    @Import({SecurityConfiguration.class, CallerEcho.class})
    static class Slice {
    }

    @AfterAll
    static void stopIssuers() {
        servers.close();
    }

    @Autowired
    WebTestClient web;

    @Test
    void everyTokenIsRefusedSayingNoIssuerIsConfigured() {
        String wellSigned = issuer.sign(issuer.claims("user-1").claim("tenant", "tenant-a"));

        web.get().uri("/api/v1/test/whoami").headers(headers -> headers.setBearerAuth(wellSigned)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> assertThat(value)
                        .contains("error=\"invalid_token\"").contains("No token issuer is configured"))
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("platform.security.trusted-issuers"));
        assertThat(servers.requestsTo("acme")).isZero();
    }

    @Test
    void closedRegistrationNeedsAToken() {
        web.post().uri("/api/v1/users").exchange().expectStatus().isUnauthorized();
    }
}
