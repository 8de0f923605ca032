package dev.phishnet.commandapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real Reactor Netty server configured as command-api's ({@link SlowClients}, the idle timeout of
 * {@code server.netty.idle-timeout}), serving a WebFlux handler that reads the body with command-api's last-resort
 * error handling ({@link UncaughtErrors}), and clients that stall or trickle.
 */
class SlowClientsTest {

    private static final Duration READ_TIMEOUT = Duration.ofMillis(500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
    /** Far above both timeouts: a connection still open after this was not cut off. */
    private static final int CLIENT_PATIENCE_MILLIS = 8_000;

    private final AtomicInteger handled = new AtomicInteger();
    private DisposableServer server;

    @BeforeEach
    void start() {
        WebHandler readsTheBody = exchange -> DataBufferUtils.join(exchange.getRequest().getBody())
                .map(body -> body.readableByteCount()).defaultIfEmpty(0)
                .flatMap(length -> {
                    handled.incrementAndGet();
                    var response = exchange.getResponse();
                    return response.writeWith(Mono.just(response.bufferFactory().wrap(
                            ("read " + length).getBytes(StandardCharsets.US_ASCII))));
                });
        var httpHandler = WebHttpHandlerBuilder.webHandler(readsTheBody)
                .exceptionHandler(new UncaughtErrors(new ProblemWriter(ServerCodecConfigurer.create().getWriters())))
                .build();
        server = new SlowClients(READ_TIMEOUT, REQUEST_TIMEOUT)
                .apply(HttpServer.create().host("127.0.0.1").port(0).idleTimeout(IDLE_TIMEOUT))
                .handle(new ReactorHttpHandlerAdapter(httpHandler))
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    @Test
    void aWholeRequestIsServed() throws IOException {
        try (var socket = connect()) {
            write(socket.getOutputStream(), head(5) + "hello");
            var answer = readUntilClosedOrFirstAnswer(socket);
            assertThat(answer.text()).startsWith("HTTP/1.1 200").endsWith("read 5");
        }
        assertThat(handled).hasValue(1);
    }

    @Test
    void aClientThatStallsMidBodyIsCutOffAfterTheReadTimeout() throws IOException {
        try (var socket = connect()) {
            write(socket.getOutputStream(), head(100) + "only ten b");
            var answer = readUntilClosed(socket);
            assertThat(answer.closed()).as("connection closed by the server").isTrue();
            assertThat(answer.text()).as("what the server sent before closing").startsWith("HTTP/1.1 408")
                    .containsIgnoringCase("content-type: application/problem+json")
                    .contains("platform.http.read-timeout");
            assertThat(answer.millis()).as("ms until the server closed").isLessThan(CLIENT_PATIENCE_MILLIS);
        }
        assertThat(handled).as("requests a handler completed").hasValue(0);
    }

    @Test
    void aClientThatStallsInTheHeadIsCutOffAfterTheIdleTimeout() throws IOException {
        try (var socket = connect()) {
            write(socket.getOutputStream(), "POST /anything HTTP/1.1\r\nHost: localhost\r\nX-Half");
            var answer = readUntilClosed(socket);
            assertThat(answer.closed()).as("connection closed by the server").isTrue();
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void aClientThatTricklesItsBodyIsCutOffAfterTheRequestTimeout() throws Exception {
        var trickle = Executors.newSingleThreadScheduledExecutor();
        try (var socket = connect()) {
            var out = socket.getOutputStream();
            write(out, head(1_000));
            long started = System.nanoTime();
            // One byte every 200 ms: never a pause as long as the read timeout, so only the request timeout can end it.
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException closedByServer) {
                    throw new java.io.UncheckedIOException(closedByServer); // ends the schedule
                }
            }, 0, 200, TimeUnit.MILLISECONDS);

            var answer = readUntilClosed(socket);

            assertThat(answer.closed()).as("connection closed by the server").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time until the server closed")
                    .isGreaterThanOrEqualTo(REQUEST_TIMEOUT.minusMillis(100))
                    .isLessThan(Duration.ofMillis(CLIENT_PATIENCE_MILLIS));
        } finally {
            trickle.shutdownNow();
        }
        assertThat(handled).hasValue(0);
    }

    private Socket connect() throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(CLIENT_PATIENCE_MILLIS);
        return socket;
    }

    private static String head(int contentLength) {
        return "POST /anything HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: "
                + contentLength + "\r\n\r\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private record Answer(String text, boolean closed, long millis) {
    }

    private static Answer readUntilClosed(Socket socket) throws IOException {
        return read(socket, false);
    }

    private static Answer readUntilClosedOrFirstAnswer(Socket socket) throws IOException {
        return read(socket, true);
    }

    private static Answer read(Socket socket, boolean stopAfterBody) throws IOException {
        long started = System.nanoTime();
        InputStream in = socket.getInputStream();
        var bytes = new ByteArrayOutputStream();
        var buffer = new byte[1024];
        boolean closed = false;
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    closed = true;
                    break;
                }
                bytes.write(buffer, 0, n);
                var text = bytes.toString(StandardCharsets.US_ASCII);
                if (stopAfterBody && text.contains("\r\n\r\n") && text.endsWith("read 5")) {
                    break;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            closed = false;
        } catch (IOException reset) {
            closed = true;
        }
        return new Answer(bytes.toString(StandardCharsets.US_ASCII), closed,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
