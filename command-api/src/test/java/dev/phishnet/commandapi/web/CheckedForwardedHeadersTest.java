package dev.phishnet.commandapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.test.StepVerifier;

class CheckedForwardedHeadersTest {

    private final CheckedForwardedHeaders forwarded = new CheckedForwardedHeaders();

    @Test
    void wellFormedForwardedHeadersAreAppliedAndTheRequestGoesOn() {
        ServerHttpRequest request = forwarded.apply(MockServerHttpRequest.get("http://127.0.0.1/api/v1/users")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com").build());
        AtomicBoolean handled = new AtomicBoolean();

        forwarded.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/").build()).mutate().request(request)
                .build(), exchange -> {
                    handled.set(true);
                    return reactor.core.publisher.Mono.empty();
                }).block(Duration.ofSeconds(5));

        assertThat(request.getURI().toString()).startsWith("https://api.example.com/api/v1/users");
        assertThat(handled).isTrue();
    }

    @Test
    void aMalformedForwardedHeaderIsA400NamingItAndIsNotTrusted() {
        // The server adapter applies the transformer before any filter; Spring's own answered a bodiless 400.
        ServerHttpRequest request = forwarded.apply(MockServerHttpRequest.get("http://127.0.0.1/api/v1/users")
                .header("X-Forwarded-Proto", "a b c").build());

        assertThat(request.getHeaders().containsHeader("X-Forwarded-Proto")).isFalse();
        StepVerifier.create(forwarded.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/").build())
                        .mutate().request(request).build(), exchange -> reactor.core.publisher.Mono.empty()))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ApiProblem.class);
                    ApiProblem problem = (ApiProblem) error;
                    assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(problem.getBody().getProperties()).containsEntry("field", "X-Forwarded-Proto");
                })
                .verify(Duration.ofSeconds(5));
    }
}
