package dev.phishnet.commandapi.contract;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Gives every operation its security requirement and the problem responses it can produce, by rules that follow the
 * code: the security layer (401, 403), {@code ApiProblem} and the rejections of the command processor (400, 404, 409,
 * 422), the rate limits (429) and outcomes not known in time (503). One place, so that no controller can forget them.
 */
final class StandardErrors implements OpenApiCustomizer {

    /** Operations open without a token ({@code SecurityConfiguration}); the tests send each one without a token. */
    static final Set<String> PUBLIC = Set.of("POST /api/v1/auth/login", "POST /api/v1/auth/otp",
            "POST /api/v1/auth/otp/verify", "POST /api/v1/auth/refresh", "GET /.well-known/jwks.json");
    /** Open without a token when {@code platform.registration.open}, else an admin's. */
    static final Set<String> TOKEN_OPTIONAL = Set.of("POST /api/v1/users");
    /** Public operations that refuse no credentials: the key set, and code requests (answered alike for all). */
    private static final Set<String> NEVER_UNAUTHORIZED = Set.of("GET /.well-known/jwks.json",
            "POST /api/v1/auth/otp");
    /** Sign-in flows: they answer refusals themselves (401, 429) rather than as rejected commands (409). */
    private static final Set<String> SIGN_IN = Set.of("POST /api/v1/auth/login", "POST /api/v1/auth/otp",
            "POST /api/v1/auth/otp/verify", "POST /api/v1/auth/refresh");

    /** Features a deployment may leave off: 404 when it does (one-time codes without a sender). */
    private static final Set<String> OPTIONAL_FEATURES = Set.of("POST /api/v1/auth/otp",
            "POST /api/v1/auth/otp/verify");

    @Override
    public void customise(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                complete(method + " " + path, method, path, operation)));
    }

    private static void complete(String endpoint, PathItem.HttpMethod method, String path, Operation operation) {
        if (TOKEN_OPTIONAL.contains(endpoint)) {
            operation.setSecurity(List.of(new SecurityRequirement(),
                    new SecurityRequirement().addList(ProblemResponses.BEARER)));
        } else if (!PUBLIC.contains(endpoint)) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(ProblemResponses.BEARER)));
        }
        operation.getResponses().forEach((status, response) -> {
            if (response.getContent() != null && response.getContent().containsKey("*/*")) {
                // Handlers declare no produces: what they answer is JSON (the codecs' default for a record).
                response.getContent().put("application/json", response.getContent().remove("*/*"));
            }
            if (status.equals("204")) {
                response.setContent(null); // what springdoc infers from ResponseEntity<Object>; a 204 has no body
            }
            if (status.equals("201") && response.get$ref() == null) {
                response.addHeaderObject(ProblemResponses.LOCATION,
                        ProblemResponses.headerRef(ProblemResponses.LOCATION));
            }
        });
        for (String status : statuses(endpoint, method, path, operation)) {
            operation.getResponses().putIfAbsent(status, new ApiResponse().$ref(ProblemResponses.ref(status)));
        }
    }

    private static Set<String> statuses(String endpoint, PathItem.HttpMethod method, String path,
            Operation operation) {
        List<Parameter> parameters = operation.getParameters() != null ? operation.getParameters() : List.of();
        boolean command = method != PathItem.HttpMethod.GET;
        boolean secured = !PUBLIC.contains(endpoint);
        boolean readsToken = parameters.stream().anyMatch(p -> ProblemResponses.CONSISTENCY_TOKEN.equals(p.getName()));
        boolean idempotent = parameters.stream().anyMatch(p -> p.get$ref() != null
                && p.get$ref().endsWith("/" + ProblemResponses.IDEMPOTENCY_KEY));
        boolean takesInput = operation.getRequestBody() != null
                || parameters.stream().anyMatch(p -> p.get$ref() != null || !"path".equals(p.getIn()));

        Set<String> statuses = new LinkedHashSet<>();
        if (takesInput || command) {
            statuses.add("400");
        }
        if (!NEVER_UNAUTHORIZED.contains(endpoint)) {
            statuses.add("401");
        }
        if (secured) {
            statuses.add("403");
        }
        if (path.contains("{") || OPTIONAL_FEATURES.contains(endpoint)) {
            statuses.add("404");
        }
        if (command && !SIGN_IN.contains(endpoint)) {
            statuses.add("409");
        }
        if (idempotent) {
            statuses.add("422");
        }
        statuses.add("429");
        if (command || readsToken) {
            statuses.add("503");
        }
        return statuses;
    }
}
