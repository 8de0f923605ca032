package dev.phishnet.commandapi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.phishnet.commandapi.token.TestSigningKeys;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * The published contract against the running application: every endpoint WebFlux serves is an operation of the
 * document served at {@code /v3/api-docs}, each operation declares the problems it can produce, the security it
 * declares is what the security layer does, and the document is valid OpenAPI 3.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.schema-registry.url=mock://test",
        // The document describes the API; the command processor is not needed to serve it.
        "platform.processor.enabled=false"})
@AutoConfigureWebTestClient
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// No other class shares this context: close its broker and followers rather than load the classes that run after.
@DirtiesContext
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers", brokerProperties = {
        "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
        "offsets.topic.replication.factor=1", "group.initial.rebalance.delay.ms=0"})
class PublishedContractTest {

    private static final MongoServer mongo = new MongoServer(new MemoryBackend());
    private static final String MONGO_URI = mongo.bindAndGetConnectionString() + "/phishnet";
    private static final String PROBLEM_JSON = "application/problem+json";

    @DynamicPropertySource
    static void mongoAndSigningKey(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MONGO_URI);
        TestSigningKeys.register(registry);
    }

    @AfterAll
    static void stopMongo() {
        mongo.shutdownNow();
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ApplicationContext context;

    @Autowired
    BuildProperties build;

    /** The document, fetched once for the class. */
    private SwaggerParseResult parsed;

    @Test
    void everyEndpointTheApplicationServesIsAnOperationOfTheDocumentAndNoOther() {
        assertThat(operations(document()).keySet())
                .as("operations of /v3/api-docs")
                .containsExactlyInAnyOrderElementsOf(servedEndpoints());
    }

    @Test
    void everyOperationDeclaresTheProblemsItCanProduce() {
        OpenAPI api = document();
        Map<String, Operation> operations = operations(api);
        assertThat(operations).hasSizeGreaterThan(30);
        operations.forEach((endpoint, operation) -> {
            Set<String> declared = operation.getResponses().keySet();
            List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
            boolean takesInput = operation.getRequestBody() != null
                    || parameters.stream().anyMatch(p -> p.get$ref() != null || !"path".equals(p.getIn()));
            boolean command = !endpoint.startsWith("GET ");

            assertThat(declared).as(endpoint).contains("429");
            if (takesInput) {
                assertThat(declared).as(endpoint + " takes input").contains("400");
            }
            if (operation.getSecurity() != null) {
                assertThat(declared).as(endpoint + " needs a token").contains("401");
            }
            if (command) {
                assertThat(declared).as(endpoint + " publishes a command").contains("400", "503");
            }
            if (endpoint.contains("{")) {
                assertThat(declared).as(endpoint + " names a resource").contains("404");
            }
            operation.getResponses().forEach((status, response) -> {
                ApiResponse resolved = resolve(api, response);
                if (status.startsWith("4") || status.startsWith("5")) {
                    MediaType problem = resolved.getContent().get(PROBLEM_JSON);
                    assertThat(problem).as(endpoint + " " + status + " is problem+json").isNotNull();
                    assertThat(problem.getSchema().get$ref()).isEqualTo("#/components/schemas/Problem");
                }
                if (status.equals("429") || status.equals("503")) {
                    assertThat(resolved.getHeaders()).as(endpoint + " " + status).containsKey("Retry-After");
                }
                if (status.equals("201")) {
                    assertThat(resolved.getHeaders()).as(endpoint + " 201").containsKey("Location");
                }
                if (status.equals("200") || status.equals("201")) {
                    assertThat(resolved.getContent()).as(endpoint + " " + status + " has a body").isNotEmpty();
                }
                if (status.startsWith("2") && resolved.getContent() != null) {
                    assertThat(resolved.getContent()).as(endpoint + " " + status).doesNotContainKey("*/*");
                    resolved.getContent().values().forEach(media -> assertThat(described(media.getSchema()))
                            .as(endpoint + " " + status + " body is described, not just 'an object'").isTrue());
                }
            });
        });
        // A command that reads Idempotency-Key shows it, and answers a reused key with 422.
        Operation register = operations.get("POST /api/v1/users");
        assertThat(register.getParameters()).extracting(Parameter::get$ref)
                .contains("#/components/parameters/Idempotency-Key");
        assertThat(register.getResponses()).containsKeys("201", "400", "401", "403", "409", "422", "429", "503");
        assertThat(resolve(api, register.getResponses().get("201")).getHeaders())
                .containsKeys("Location", "X-Consistency-Token");
    }

    @Test
    void theSecurityTheDocumentDeclaresIsWhatTheSecurityLayerDoes() {
        operations(document()).forEach((endpoint, operation) -> {
            String[] parts = endpoint.split(" ", 2);
            String path = parts[1].replaceAll("\\{[^}]+}", "contract-probe");
            boolean optional = operation.getSecurity() != null
                    && operation.getSecurity().stream().anyMatch(Map::isEmpty);
            if (optional) {
                return; // open or closed by platform.registration.open
            }
            WebTestClient.RequestBodySpec request = web.method(HttpMethod.valueOf(parts[0])).uri(path);
            WebTestClient.ResponseSpec response = operation.getRequestBody() != null
                    ? request.contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue("{}")
                            .exchange()
                    : request.exchange();
            if (operation.getSecurity() != null) {
                response.expectStatus().value(status -> assertThat(status)
                                .as(endpoint + " without a token").isEqualTo(401))
                        .expectHeader().contentTypeCompatibleWith(PROBLEM_JSON)
                        .expectHeader().exists("WWW-Authenticate");
            } else {
                response.expectStatus().value(status -> assertThat(status)
                        .as(endpoint + " is declared public").isNotEqualTo(401));
            }
        });
    }

    @Test
    void theDocumentIsOpenApi3WithTheProjectsVersionAndTheRequiredFieldsOfACommand() {
        assertThat(parsed().getMessages()).as("parser messages").isEmpty();
        OpenAPI api = document();
        assertThat(api.getOpenapi()).startsWith("3.");
        assertThat(api.getInfo().getTitle()).isEqualTo("PhishNet command API");
        assertThat(api.getInfo().getVersion()).isEqualTo(build.getVersion());
        assertThat(api.getInfo().getDescription()).contains("problem+json", "X-Consistency-Token");
        SecurityScheme bearer = api.getComponents().getSecuritySchemes().get("bearer");
        assertThat(bearer.getType()).isEqualTo(SecurityScheme.Type.HTTP);
        assertThat(bearer.getScheme()).isEqualTo("bearer");
        assertThat(bearer.getBearerFormat()).isEqualTo("JWT");

        Schema<?> registration = schema(api, operations(api).get("POST /api/v1/users").getRequestBody().getContent()
                .get("application/json").getSchema());
        assertThat(registration.getRequired()).containsExactlyInAnyOrder("email", "password", "fullName");
        assertThat(registration.getProperties()).containsKeys("email", "password", "fullName", "mobile", "role");
        // additionalProperties: false, which the 3.1 parser reads as the boolean schema false
        Object additional = registration.getAdditionalProperties();
        assertThat(additional instanceof Schema<?> closed ? closed.getBooleanSchemaValue() : additional)
                .as("unknown fields are refused").isEqualTo(false);
        Schema<?> login = schema(api, operations(api).get("POST /api/v1/auth/login").getRequestBody().getContent()
                .get("application/json").getSchema());
        assertThat(login.getRequired()).containsExactlyInAnyOrder("email", "password");

        Schema<?> problem = api.getComponents().getSchemas().get("Problem");
        assertThat(problem.getProperties()).containsKeys("type", "title", "status", "detail", "instance", "field",
                "errors", "code");
        assertThat(api.getComponents().getSchemas().get("FieldProblem").getRequired())
                .containsExactly("field", "message");
        assertThat(operations(api).get("GET /.well-known/jwks.json").getResponses().get("200").getContent())
                .containsOnlyKeys("application/jwk-set+json", "application/json")
                .allSatisfy((type, media) -> assertThat(media.getSchema().getProperties()).containsOnlyKeys("keys"));
    }

    @Test
    void theDocumentIsAlsoServedAsYamlWithoutAToken() {
        web.get().uri("/v3/api-docs.yaml").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).value(yaml -> assertThat(yaml)
                        .startsWith("openapi: 3.")
                        .contains("/api/v1/users:", "PhishNet command API"));
    }

    /** (method path-template) of every handler WebFlux registered for the API and key discovery. */
    private Set<String> servedEndpoints() {
        // Functional routes would escape the check below: there are none, and one appearing must extend it.
        context.getBeansOfType(RouterFunctionMapping.class).values().forEach(mapping ->
                assertThat(mapping.getRouterFunction()).as("router functions (list their routes here)").isNull());
        Set<String> endpoints = new TreeSet<>();
        context.getBeansOfType(RequestMappingHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    info.getPatternsCondition().getPatterns().forEach(pattern -> (methods.isEmpty()
                            ? Set.of(RequestMethod.values()) : methods)
                            .forEach(method -> endpoints.add(method + " " + pattern.getPatternString())));
                }));
        Set<String> api = endpoints.stream()
                .filter(endpoint -> endpoint.contains(" /api/") || endpoint.contains(" /.well-known/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(api).as("endpoints found").hasSizeGreaterThan(30);
        return api;
    }

    private OpenAPI document() {
        return parsed().getOpenAPI();
    }

    private SwaggerParseResult parsed() {
        if (parsed == null) {
            // Generated on the first request: slow on a busy machine.
            String json = web.mutate().responseTimeout(Duration.ofSeconds(60)).build().get().uri("/v3/api-docs").exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(org.springframework.http.MediaType.APPLICATION_JSON)
                    .expectBody(String.class).returnResult().getResponseBody();
            parsed = new OpenAPIV3Parser().readContents(json, null, null);
        }
        return parsed;
    }

    private static Map<String, Operation> operations(OpenAPI api) {
        Map<String, Operation> operations = new LinkedHashMap<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                operations.put(method + " " + path, operation)));
        return operations;
    }

    private static boolean described(Schema<?> schema) {
        return schema.get$ref() != null || schema.getItems() != null || schema.getProperties() != null
                || schema.getTypes() != null && !schema.getTypes().contains("object")
                || schema.getType() != null && !schema.getType().equals("object");
    }

    private static ApiResponse resolve(OpenAPI api, ApiResponse response) {
        return response.get$ref() == null ? response : api.getComponents().getResponses()
                .get(response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1));
    }

    private static Schema<?> schema(OpenAPI api, Schema<?> schema) {
        return schema.get$ref() == null ? schema : api.getComponents().getSchemas()
                .get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
    }
}
