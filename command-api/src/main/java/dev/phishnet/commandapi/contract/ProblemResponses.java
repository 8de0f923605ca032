package dev.phishnet.commandapi.contract;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;

/**
 * The shared parts of the document: the {@code application/problem+json} body every error of the API has (RFC 9457
 * plus {@code field}, {@code errors} and {@code code}, see {@code ApiProblem} and {@code CommandResponses}), one
 * response per error status, and the headers and parameters of commands.
 */
final class ProblemResponses {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String BEARER = "bearer";

    static final String RETRY_AFTER = "Retry-After";
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String LOCATION = "Location";
    static final String CONSISTENCY_TOKEN = "X-Consistency-Token";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** Status code to the name of its response in {@code components.responses}. */
    static final Map<String, String> BY_STATUS = statuses();

    private ProblemResponses() {
    }

    private static Map<String, String> statuses() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("400", "BadRequest");
        names.put("401", "Unauthorized");
        names.put("403", "Forbidden");
        names.put("404", "NotFound");
        names.put("409", "Conflict");
        names.put("422", "IdempotencyKeyReused");
        names.put("429", "TooManyRequests");
        names.put("503", "Unavailable");
        return Collections.unmodifiableMap(names);
    }

    static String ref(String status) {
        return "#/components/responses/" + BY_STATUS.get(status);
    }

    static void addTo(Components components) {
        components.addSchemas("FieldProblem", typed("object", "One thing wrong with a request")
                .addProperty("field", string("The offending field as a JSON path (email, roles[1]), a header or a "
                        + "query parameter name, or body for the body as a whole"))
                .addProperty("message", string("What is wrong with it, for a person"))
                .required(List.of("field", "message")));
        components.addSchemas("Problem", typed("object", "RFC 9457 Problem Details, the body of every error answer")
                .addProperty("type", string("A URI reference identifying the problem type; about:blank here")
                        .format("uri-reference"))
                .addProperty("title", string("Short summary of the status"))
                .addProperty("status", typed("integer", "The HTTP status code").format("int32"))
                .addProperty("detail", string("What went wrong, for a person"))
                .addProperty("instance", string("The request path that failed").format("uri-reference"))
                .addProperty("field", string("The field at fault, when one is (the first of errors)"))
                .addProperty("errors", typed("array", "Every field at fault, on a 400")
                        .items(new Schema<>().$ref("#/components/schemas/FieldProblem")))
                .addProperty("code", string("The command processor's rejection code (NOT_FOUND, CONFLICT, INVALID, "
                        + "FORBIDDEN, UNPROCESSABLE, ...), on a rejected command"))
                .required(List.of("title", "status")));

        components.addHeaders(RETRY_AFTER, header("Seconds to wait before retrying", typed("integer", null)));
        components.addHeaders(WWW_AUTHENTICATE, header("RFC 6750 challenge: Bearer, with error and "
                + "error_description when a token was sent and refused", string(null)));
        components.addHeaders(LOCATION, header("The created resource", string(null).format("uri-reference")));
        components.addHeaders(CONSISTENCY_TOKEN, header("Opaque token naming the version the command reached: send it "
                + "back on a query of the same resource to read at least that version", string(null)));
        components.addParameters(IDEMPOTENCY_KEY, new Parameter().in("header").name(IDEMPOTENCY_KEY).required(false)
                .description("Makes the command safe to retry: a repeat with the same key (per tenant and caller) and "
                        + "the same request is answered with the first outcome; with another request, 422")
                .schema(string(null).minLength(1).maxLength(255).pattern("^[\\x21-\\x7E]{1,255}$")));

        components.addResponses(BY_STATUS.get("400"), problem("The request is malformed or invalid: field names the "
                + "first field at fault and errors lists each one; nothing was published"));
        components.addResponses(BY_STATUS.get("401"), problem("No valid bearer token (missing, malformed, expired, "
                + "revoked), or the credentials of a sign-in were refused").addHeaderObject(WWW_AUTHENTICATE,
                        headerRef(WWW_AUTHENTICATE)));
        components.addResponses(BY_STATUS.get("403"), problem("The caller's roles or tenant do not allow this "
                + "request, or the command was rejected as FORBIDDEN"));
        components.addResponses(BY_STATUS.get("404"), problem("No such resource for this caller (another tenant's "
                + "resources included)"));
        components.addResponses(BY_STATUS.get("409"), problem("The command conflicts with the current state (e.g. "
                + "the email is taken, the analysis is already final, a rebuild is running)"));
        components.addResponses(BY_STATUS.get("422"), problem("The Idempotency-Key was already used for a different "
                + "request"));
        components.addResponses(BY_STATUS.get("429"), problem("Too many requests (rate limit, or sign-in locked for "
                + "this account or address); retry after Retry-After seconds")
                .addHeaderObject(RETRY_AFTER, headerRef(RETRY_AFTER)));
        components.addResponses(BY_STATUS.get("503"), problem("The answer is not known yet (the command's outcome did "
                + "not arrive in time, the read model has not reached the consistency token, or a dependency is "
                + "unavailable); retry after Retry-After seconds, with the same Idempotency-Key for a command")
                .addHeaderObject(RETRY_AFTER, headerRef(RETRY_AFTER)));
    }

    static Header headerRef(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem"))));
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }

    private static Schema<Object> string(String description) {
        return typed("string", description);
    }

    /** Both spellings of the type: {@code type} for OpenAPI 3.0 writers, {@code types} for 3.1 ones. */
    @SuppressWarnings("unchecked")
    private static Schema<Object> typed(String type, String description) {
        return new Schema<>().type(type).types(Set.of(type)).description(description);
    }
}
