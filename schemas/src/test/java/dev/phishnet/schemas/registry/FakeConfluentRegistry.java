package dev.phishnet.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;

/** The Confluent REST API over a {@link MockSchemaRegistry}, served by the JDK's HTTP server under a base path. */
final class FakeConfluentRegistry implements AutoCloseable {

    static final String BASE_PATH = "/apis/ccompat/v7";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String scope = "fake-http-" + UUID.randomUUID();
    private final MockSchemaRegistry store = MockSchemaRegistry.forScope(scope);
    private final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    volatile int forcedStatus;

    FakeConfluentRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(BASE_PATH, this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
    }

    MockSchemaRegistry store() {
        return store;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath().substring(BASE_PATH.length());
        requests.add(method + " " + path);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            authorizations.add(auth);
        }
        try {
            if (forcedStatus != 0) {
                reply(exchange, forcedStatus, Map.of("error_code", 50001, "message", "Error in the backend datastore"));
                return;
            }
            String[] parts = path.substring(1).split("/");
            String subject = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            switch (method + " " + parts[0] + "/" + parts.length) {
                case "POST subjects/3" -> reply(exchange, 200, Map.of("id", store.register(subject, schemaIn(exchange))));
                case "POST subjects/2" -> {
                    Schema schema = schemaIn(exchange);
                    reply(exchange, 200, Map.of("subject", subject, "id", store.lookupId(subject, schema), "version", 1,
                            "schema", schema.toString()));
                }
                case "GET schemas/3" -> reply(exchange, 200,
                        Map.of("schema", store.schemaById(Integer.parseInt(parts[2])).toString()));
                case "GET subjects/4" -> {
                    RegisteredSchema latest = store.latest(subject);
                    reply(exchange, 200, Map.of("subject", subject, "id", latest.id(), "version", latest.version(),
                            "schema", latest.schema().toString()));
                }
                case "GET subjects/1" -> reply(exchange, 200, store.subjects());
                case "GET config/1" -> reply(exchange, 200, Map.of("compatibilityLevel", store.globalCompatibility()));
                case "PUT config/1" -> {
                    CompatibilityLevel level = CompatibilityLevel.valueOf(bodyOf(exchange).get("compatibility").asText());
                    store.setGlobalCompatibility(level);
                    reply(exchange, 200, Map.of("compatibility", level));
                }
                default -> reply(exchange, 404, Map.of("error_code", 404, "message", "HTTP 404 Not Found"));
            }
        } catch (IncompatibleSchemaException e) {
            reply(exchange, 409, Map.of("error_code", 409, "message", e.getMessage()));
        } catch (SchemaRegistryException e) {
            reply(exchange, e.status(), Map.of("error_code", e.errorCode(), "message", e.getMessage()));
        }
    }

    private static JsonNode bodyOf(HttpExchange exchange) throws IOException {
        return JSON.readTree(exchange.getRequestBody());
    }

    private static Schema schemaIn(HttpExchange exchange) throws IOException {
        return new Schema.Parser().parse(bodyOf(exchange).get("schema").asText());
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Stops answering: connections are refused from now on, as in a registry outage. */
    @Override
    public void close() {
        server.stop(0);
        MockSchemaRegistry.drop(scope);
    }
}
