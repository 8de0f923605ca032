package dev.phishnet.commandapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import dev.phishnet.schemas.envelope.ActorKind;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class RequestActorTest {

    @Test
    void anAnonymousCallerIsRecordedWithItsPeerAddressAndUserAgent() throws UnknownHostException {
        var request = MockServerHttpRequest.post("/api/v1/auth/login")
                .remoteAddress(new InetSocketAddress(InetAddress.getByName("198.51.100.4"), 50123))
                .header(HttpHeaders.USER_AGENT, "curl/8.5.0")
                .build();

        var actor = RequestActor.of(null, request);

        assertThat(actor.getKind()).isEqualTo(ActorKind.ANONYMOUS);
        assertThat(actor.getIp()).isEqualTo("198.51.100.4");
        assertThat(actor.getUserAgent()).isEqualTo("curl/8.5.0");
    }

    @Test
    void behindATrustedProxyTheForwardedAddressIsRecorded() {
        // What server.forward-headers-strategy=framework makes of X-Forwarded-For: an unresolved literal.
        var request = MockServerHttpRequest.post("/api/v1/auth/login")
                .remoteAddress(InetSocketAddress.createUnresolved("203.0.113.40", 0))
                .build();

        assertThat(RequestActor.of(null, request).getIp()).isEqualTo("203.0.113.40");
    }

    @Test
    void withoutAPeerNoAddressIsRecorded() {
        assertThat(RequestActor.of(null, MockServerHttpRequest.get("/").build()).getIp()).isNull();
    }
}
