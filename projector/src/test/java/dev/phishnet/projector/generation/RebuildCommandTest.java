package dev.phishnet.projector.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rebuild command against a stand-in of command-api's admin endpoints. */
class RebuildCommandTest {

    private static final String BUILDING = """
            {"active":1,"building":2,"generations":[{"generation":2,"state":"BUILDING","progress":{"checkpoint":40,
            "endOffset":100,"lag":60,"eventsPerSecond":20.0,"etaSeconds":3,"partitions":[{"application":"projector",
            "topic":"user-events","partition":0,"checkpoint":40,"endOffset":100,"lag":60}]}},
            {"generation":1,"state":"ACTIVE"}]}""";
    private static final String SWITCHED = """
            {"active":2,"generations":[{"generation":2,"state":"ACTIVE","progress":{"checkpoint":100,
            "endOffset":100,"lag":0,"eventsPerSecond":30.0,"etaSeconds":0,"partitions":[]}},
            {"generation":1,"state":"RETIRED"}]}""";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger gets = new AtomicInteger();
    private volatile int rebuildStatus = 202;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/admin/projections", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            if (exchange.getRequestMethod().equals("POST")) {
                respond(exchange, rebuildStatus, rebuildStatus == 202 ? "{\"generation\":2,\"state\":\"REQUESTED\"}"
                        : "{\"status\":409,\"detail\":\"generation 2 is being rebuilt\"}");
            } else {
                respond(exchange, 200, gets.incrementAndGet() < 3 ? BUILDING : SWITCHED);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void startsARebuildAndPrintsProgressUntilTheNewGenerationIsActive() throws Exception {
        String output = run(false);

        assertThat(requests).first().isEqualTo("POST /api/v1/admin/projections/rebuild Bearer operator-token");
        assertThat(output).contains("Rebuild of generation 2 requested.",
                "g2 BUILDING: checkpoint 40 of 100, lag 60, 20 events/s, ETA 3 s, 1 partitions",
                "g2 ACTIVE: checkpoint 100 of 100, lag 0", "Generation 2 is active");
    }

    @Test
    void followsTheRunningRebuildWhenOneIsAlreadyRunning() throws Exception {
        rebuildStatus = 409;

        assertThat(run(false)).contains("A rebuild is already running; following it.", "Generation 2 is active");
    }

    @Test
    void needsAnOperatorsToken() {
        assertThatThrownBy(() -> RebuildCommand.Options.parse(List.of("--api", "http://x"), Map.of()))
                .hasMessageContaining("PHISHNET_TOKEN");
        assertThat(RebuildCommand.Options.parse(List.of("--interval", "500ms", "--watch"),
                Map.of("PHISHNET_TOKEN", "t")).interval()).isEqualTo(Duration.ofMillis(500));
    }

    private String run(boolean watchOnly) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RebuildCommand.Options options = new RebuildCommand.Options(
                java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "operator-token",
                Duration.ofMillis(10), watchOnly);
        new RebuildCommand(options, HttpClient.newHttpClient(), new PrintStream(out, true, StandardCharsets.UTF_8))
                .run();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
