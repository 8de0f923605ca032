package dev.phishnet.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.reactive.function.client.WebClient;

class SchemaRegistryHealthIndicatorTest {

    @Test
    void isUpWithTheSubjectCountOfARegistryUnderAPath() throws IOException {
        HttpServer registry = registry(200, "[\"user-events-value\",\"audit-events-value\"]");
        try {
            Health health = check("http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/ccompat/v7");

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("subjects", 2);
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void isDownWithTheStatusOfARegistryThatFails() throws IOException {
        HttpServer registry = registry(500, "{\"error_code\":50001}");
        try {
            Health health = check("http://127.0.0.1:" + registry.getAddress().getPort() + "/apis/ccompat/v7");

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("status", 500);
        } finally {
            registry.stop(0);
        }
    }

    @Test
    void isDownWhenTheRegistryIsUnreachable() {
        Health health = check("http://127.0.0.1:1");

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("error");
    }

    @Test
    void isUpForAnInProcessMockRegistry() {
        assertThat(check("mock://test").getStatus()).isEqualTo(Status.UP);
    }

    private static Health check(String url) {
        // A first WebClient call starts Netty: on a loaded 2-core machine that alone has taken over 2 s.
        return new SchemaRegistryHealthIndicator(URI.create(url), Duration.ofSeconds(10), WebClient.create())
                .health().block(Duration.ofSeconds(15));
    }

    /** A registry that answers every {@code /apis/ccompat/v7/subjects} request the same way. */
    private static HttpServer registry(int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/apis/ccompat/v7/subjects", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }
}
