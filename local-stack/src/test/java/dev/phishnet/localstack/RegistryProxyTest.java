package dev.phishnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryProxyTest {

    record Seen(String method, String uri, String contentType, String body) {
    }

    private final AtomicReference<Seen> seen = new AtomicReference<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private HttpServer upstream;
    private RegistryProxy proxy;

    @BeforeEach
    void startUpstreamAndProxy() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/apis/ccompat/v7", exchange -> {
            try (exchange) {
                var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                seen.set(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
                var answer = "{\"id\":7}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
                exchange.sendResponseHeaders(409, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        upstream.start();
        proxy = RegistryProxy.start("127.0.0.1", 0,
                URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + "/apis/ccompat/v7/"));
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    @Test
    void forwardsTheRootPathUnderTheConfluentApiWithMethodBodyAndQuery() throws Exception {
        var response = client.send(HttpRequest.newBuilder(proxied("/subjects/audit-events-value/versions?normalize=true"))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(seen.get()).isEqualTo(new Seen("POST", "/apis/ccompat/v7/subjects/audit-events-value/versions?normalize=true",
                "application/vnd.schemaregistry.v1+json", "{\"schema\":\"\\\"string\\\"\"}"));
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.schemaregistry.v1+json");
        assertThat(response.body()).isEqualTo("{\"id\":7}");
    }

    @Test
    void answersBadGatewayInTheConfluentErrorShapeWhenTheRegistryIsDown() throws Exception {
        upstream.stop(0);

        var response = client.send(HttpRequest.newBuilder(proxied("/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).startsWith("{\"error_code\":50201,");
    }

    private URI proxied(String path) {
        return URI.create("http://127.0.0.1:" + proxy.address().getPort() + path);
    }
}
