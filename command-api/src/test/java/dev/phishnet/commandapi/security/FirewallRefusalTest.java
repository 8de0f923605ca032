package dev.phishnet.commandapi.security;

import java.net.URI;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.token.TestSigningKeys;
import dev.phishnet.commandapi.token.TokenConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What Spring Security's firewall refuses before authentication ('..', an encoded '/' or ';' in the path, an unknown
 * method) is a 400 problem like every other refusal, not a bodiless 400.
 */
@WebFluxTest(useDefaultFilters = false)
@ContextConfiguration(classes = FirewallRefusalTest.Slice.class)
class FirewallRefusalTest {

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
    static void keys(DynamicPropertyRegistry registry) {
        TestSigningKeys.register(registry);
    }

    @Autowired
    WebTestClient web;

    @Test
    void traversalAndEncodedSeparatorsInThePathAreA400Problem() {
        for (String path : new String[] {"/api/v1/users/%2e%2e/roles", "/api/v1/users/a%2fb", "/api/v1/users/..;",
                "/api/v1/users/a%00b"}) {
            web.get().uri(URI.create(path)).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.status").isEqualTo(400)
                    .jsonPath("$.detail").isEqualTo(SecurityProblems.REFUSED);
        }
    }

    @Test
    void anUnknownMethodIsA400Problem() {
        web.method(HttpMethod.valueOf("FOO")).uri("/api/v1/test/whoami").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
