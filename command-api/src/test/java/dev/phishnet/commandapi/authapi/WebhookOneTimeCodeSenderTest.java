package dev.phishnet.commandapi.authapi;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The webhook sender against a real HTTP endpoint standing in for a mail gateway. */
class WebhookOneTimeCodeSenderTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private HttpServer gateway;
    private volatile int status = 202;

    @BeforeEach
    void start() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        gateway.createContext("/codes", exchange -> {
            try (exchange) {
                received.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        gateway.start();
        logged.start();
        ((Logger) LoggerFactory.getLogger(WebhookOneTimeCodeSender.class)).addAppender(logged);
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
        ((Logger) LoggerFactory.getLogger(WebhookOneTimeCodeSender.class)).detachAppender(logged);
    }

    @Test
    void postsTheAddressTheCodeAndItsValidityAsJson() throws Exception {
        int answered = sender("/codes").deliver("ana@example.com", "482913").get(10, TimeUnit.SECONDS);

        assertThat(answered).isEqualTo(202);
        assertThat(received).containsExactly(
                "application/json {\"email\":\"ana@example.com\",\"code\":\"482913\",\"validForSeconds\":300}");
        assertThat(logged.list).isEmpty();
    }

    @Test
    void aRefusedOrFailedDeliveryIsLoggedWithoutTheCodeOrTheAddress() throws Exception {
        status = 500;
        sender("/codes").deliver("ana@example.com", "482913").get(10, TimeUnit.SECONDS);
        gateway.stop(0);
        try {
            sender("/codes").deliver("ana@example.com", "736150").get(10, TimeUnit.SECONDS);
        } catch (Exception expected) {
            // the gateway is gone: the delivery fails, and says so in the log
        }

        assertThat(logged.list).hasSize(2).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("example.com").doesNotContain("482913", "736150", "ana@"));
    }

    private WebhookOneTimeCodeSender sender(String path) {
        return new WebhookOneTimeCodeSender(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + path), Duration.ofMinutes(5));
    }
}
