package dev.phishnet.commandapi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phishnet.commandapi.security.ClientAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.test.StepVerifier;

class CheckedForwardedHeadersTest {

    private static final InetSocketAddress LOOPBACK_PEER = new InetSocketAddress("127.0.0.1", 50_000);
    private static final InetSocketAddress INTERNET_PEER = new InetSocketAddress("203.0.113.5", 50_000);

    private final CheckedForwardedHeaders forwarded = new CheckedForwardedHeaders(
            TrustedProxies.of(List.of("127.0.0.0/8", "::1", "10.0.0.0/8")));

    @Test
    void wellFormedForwardedHeadersAreAppliedAndTheRequestGoesOn() {
        ServerHttpRequest request = forwarded.apply(MockServerHttpRequest.get("http://127.0.0.1/api/v1/users")
                .remoteAddress(LOOPBACK_PEER).header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com").build());
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
                .remoteAddress(LOOPBACK_PEER).header("X-Forwarded-Proto", "a b c").build());

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

    @Test
    void aPeerThatIsNoTrustedProxyCannotChooseItsAddressHostOrScheme() {
        ServerHttpRequest request = forwarded.apply(MockServerHttpRequest.get("http://127.0.0.1/api/v1/users")
                .remoteAddress(INTERNET_PEER).header("X-Forwarded-For", "198.51.100.99")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "api.example.com").build());

        assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("203.0.113.5");
        assertThat(request.getURI().toString()).startsWith("http://127.0.0.1/");
    }

    @Test
    void theClientIsTheRightmostEntryThatIsNoTrustedProxyWhateverTheClientPutBeforeIt() {
        assertThat(clientBehindLoopback("X-Forwarded-For", "6.6.6.6, 198.51.100.7")).isEqualTo("198.51.100.7");
        assertThat(clientBehindLoopback("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.0.0.3")).isEqualTo("198.51.100.7");
        assertThat(clientBehindLoopback("X-Forwarded-For", "10.0.0.1, 10.0.0.2")).isEqualTo("10.0.0.1");
        assertThat(clientBehindLoopback("X-Forwarded-For", "2001:db8::1, [::1]:443")).isEqualTo("2001:db8::1");
    }

    @Test
    void anEntryThatIsNoAddressIsTheClientAndIsNeverLookedUp() {
        assertThat(clientBehindLoopback("X-Forwarded-For", "6.6.6.6, localhost")).isEqualTo("localhost");
    }

    @Test
    void ofAForwardedHeaderTheClientsElementCountsWithItsHostAndScheme() {
        ServerHttpRequest request = forwarded.apply(MockServerHttpRequest.get("http://127.0.0.1/api/v1/users")
                .remoteAddress(LOOPBACK_PEER)
                .header("Forwarded", "for=6.6.6.6;host=evil.example", "for=\"198.51.100.7\";proto=https;host=api.example.com")
                .build());

        assertThat(request.getRemoteAddress().getHostString()).isEqualTo("198.51.100.7");
        assertThat(request.getURI().toString()).startsWith("https://api.example.com/api/v1/users");
    }

    @Test
    void aTrustedProxiesEntryThatIsNoAddressOrRangeFailsAtStart() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal"))).hasMessageContaining("proxy.internal");
    }

    private String clientBehindLoopback(String header, String value) {
        ServerHttpRequest request = forwarded.apply(MockServerHttpRequest.get("http://127.0.0.1/api/v1/users")
                .remoteAddress(LOOPBACK_PEER).header(header, value).build());
        return ClientAddress.of(request);
    }
}
