package dev.phishnet.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Speaks the Confluent schema registry REST API over {@link HttpClient}; no caching (see {@link CachingSchemaRegistryClient}). */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);

    private final SchemaRegistryConfig config;
    private final HttpClient http;
    private final Optional<String> authorization;
    /** Index of the URL that answered last, so a dead first URL costs one failed connect, not one per call. */
    private volatile int preferredUrl;

    public HttpSchemaRegistryClient(SchemaRegistryConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build();
        this.authorization = config.userInfo().map(info ->
                "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public int register(String subject, Schema schema) {
        Reply reply = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        if (reply.status() == 409) {
            throw new IncompatibleSchemaException(subject, reply.message());
        }
        return reply.ok("register a schema under subject '" + subject + "'").get("id").asInt();
    }

    @Override
    public int lookupId(String subject, Schema schema) {
        Reply reply = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        if (reply.status() == 404 && (reply.errorCode() == 40401 || reply.errorCode() == 40403)) {
            throw new SchemaNotRegisteredException("Schema " + schema.getFullName() + " is not registered under subject '"
                    + subject + "' (and auto-registration is off): " + reply.message(), reply.errorCode());
        }
        return reply.ok("look up a schema under subject '" + subject + "'").get("id").asInt();
    }

    @Override
    public Schema schemaById(int id) {
        Reply reply = send("GET", "/schemas/ids/" + id, null);
        if (reply.status() == 404 && reply.errorCode() == 40403) {
            throw new UnknownSchemaIdException(id, reply.message());
        }
        return parse(reply.ok("fetch schema id " + id).get("schema").asText());
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Reply reply = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        if (reply.status() == 404 && (reply.errorCode() == 40401 || reply.errorCode() == 40402)) {
            throw new SchemaNotRegisteredException("Subject '" + subject + "' has no registered version: "
                    + reply.message(), reply.errorCode());
        }
        JsonNode body = reply.ok("fetch the latest version of subject '" + subject + "'");
        return new RegisteredSchema(subject, body.get("id").asInt(), body.get("version").asInt(),
                parse(body.get("schema").asText()));
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return level(send("GET", "/config", null).ok("read the global compatibility"));
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        send("PUT", "/config", compatibilityBody(level)).ok("set the global compatibility");
    }

    @Override
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        Reply reply = send("GET", "/config/" + encode(subject), null);
        if (reply.status() == 404) {
            return Optional.empty();
        }
        return Optional.of(level(reply.ok("read the compatibility of subject '" + subject + "'")));
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        send("PUT", "/config/" + encode(subject), compatibilityBody(level))
                .ok("set the compatibility of subject '" + subject + "'");
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).ok("list subjects").forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    private Reply send(String method, String path, String body) {
        List<String> urls = config.urls();
        int start = preferredUrl;
        IOException last = null;
        for (int i = 0; i < urls.size(); i++) {
            int index = (start + i) % urls.size();
            HttpRequest request = request(urls.get(index), method, path, body);
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                preferredUrl = index;
                return Reply.of(method + " " + request.uri(), response);
            } catch (IOException e) {
                last = e;
                if (urls.size() > 1) {
                    LOG.warn("Schema registry at {} unreachable ({}), trying the next URL", urls.get(index), e.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnreachableException("Interrupted while calling the schema registry at " + urls, e);
            }
        }
        throw new SchemaRegistryUnreachableException("Schema registry unreachable at " + urls + " (" + method + " "
                + path + "): " + last, last);
    }

    private HttpRequest request(String baseUrl, String method, String path, String body) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder.build();
    }

    private static String schemaBody(Schema schema) {
        return write(Map.of("schema", schema.toString()));
    }

    private static String compatibilityBody(CompatibilityLevel level) {
        return write(Map.of("compatibility", level.name()));
    }

    private static CompatibilityLevel level(JsonNode body) {
        JsonNode value = body.has("compatibilityLevel") ? body.get("compatibilityLevel") : body.get("compatibility");
        return CompatibilityLevel.valueOf(value.asText());
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One HTTP answer; errors carry Confluent's {@code {"error_code": n, "message": "..."}} body. */
    private record Reply(String call, int status, JsonNode body, String raw) {

        static Reply of(String call, HttpResponse<String> response) {
            JsonNode body;
            try {
                body = response.body().isBlank() ? null : JSON.readTree(response.body());
            } catch (IOException e) {
                body = null;
            }
            return new Reply(call, response.statusCode(), body, response.body());
        }

        int errorCode() {
            return body != null && body.has("error_code") ? body.get("error_code").asInt() : -1;
        }

        String message() {
            if (body != null && body.has("message")) {
                return body.get("message").asText();
            }
            return raw.length() > 300 ? raw.substring(0, 300) + "..." : raw;
        }

        JsonNode ok(String what) {
            if (status / 100 != 2 || body == null) {
                throw new SchemaRegistryException("Schema registry failed to " + what + " (" + call + "): HTTP "
                        + status + ", error_code " + errorCode() + ": " + message(), status, errorCode());
            }
            return body;
        }
    }
}
