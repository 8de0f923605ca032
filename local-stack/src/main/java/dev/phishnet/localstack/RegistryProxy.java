package dev.phishnet.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves Apicurio's Confluent-compatible API at the root of its own port: {@code /x} is forwarded to
 * {@code <upstream>/x}, where upstream is e.g. {@code http://127.0.0.1:18081/apis/ccompat/v7}.
 * Confluent clients and tools (kcat -r, confluent-kafka-python, our serde) expect the API at the root
 * of the registry URL; Apicurio 2.6 serves it only under {@code /apis/ccompat/v7} and cannot be
 * configured otherwise.
 */
final class RegistryProxy implements AutoCloseable {

    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of("Content-Type", "Accept");
    private static final String CONFLUENT_JSON = "application/vnd.schemaregistry.v1+json";

    private final HttpServer server;
    private final ExecutorService workers;

    private RegistryProxy(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    static RegistryProxy start(String host, int port, URI upstream) throws IOException {
        var client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        var base = upstream.toString().replaceAll("/+$", "");
        var server = HttpServer.create(new InetSocketAddress(host, port), 64);
        var workers = Executors.newFixedThreadPool(8, runnable -> {
            var thread = new Thread(runnable, "registry-proxy");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", exchange -> forward(client, base, exchange));
        server.start();
        return new RegistryProxy(server, workers);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void forward(HttpClient client, String base, HttpExchange exchange) throws IOException {
        try (exchange) {
            var target = exchange.getRequestURI().getRawPath();
            var query = exchange.getRequestURI().getRawQuery();
            var uri = URI.create(base + target + (query == null ? "" : "?" + query));
            HttpResponse<byte[]> response;
            try {
                response = client.send(upstreamRequest(exchange, uri), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                respond(exchange, 502, CONFLUENT_JSON, error(50201, "registry at " + base + " is not reachable: " + e));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 503, CONFLUENT_JSON, error(50301, "interrupted"));
                return;
            }
            var contentType = response.headers().firstValue("Content-Type").orElse(CONFLUENT_JSON);
            respond(exchange, response.statusCode(), contentType, response.body());
        }
    }

    private static HttpRequest upstreamRequest(HttpExchange exchange, URI uri) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        var request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (var name : FORWARDED_REQUEST_HEADERS) {
            var value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        return request.build();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // -1: no body (HEAD, 204, 304 must not have one); otherwise a fixed length.
        boolean bodyless = body.length == 0 || status == 204 || status == 304 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, bodyless ? -1 : body.length);
        if (!bodyless) {
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] error(int code, String message) {
        var escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"error_code\":" + code + ",\"message\":\"" + escaped + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
