package dev.phishnet.commandapi.web;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every refused request into {@code application/problem+json} naming the field at fault: our own
 * {@link ApiProblem}s, and the body that could not be read (malformed JSON, unknown field, wrong type, too large).
 */
@RestControllerAdvice
class ApiExceptionHandler {

    @ExceptionHandler(ErrorResponseException.class)
    ResponseEntity<ProblemDetail> problem(ErrorResponseException problem) {
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders()).body(problem.getBody());
    }

    /** Argument resolution and body decoding failures; the cause says what was wrong with the body. */
    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException input) {
        return problem(ApiProblem.invalid(List.of(describe(input))));
    }

    /**
     * WebFlux answers 413 when the body passes the codecs' limit ({@code platform.http.max-body-size}); the API
     * contract answers 400 for every unacceptable body, with the same problem shape.
     */
    @ExceptionHandler(ContentTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(ContentTooLargeException tooLarge) {
        return problem(ApiProblem.invalid("body", "the request body is larger than the limit"));
    }

    private static FieldProblem describe(ServerWebInputException input) {
        for (Throwable cause = input; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataBufferLimitException) {
                return new FieldProblem("body", "the request body is larger than the limit");
            }
            if (cause instanceof NotUtf8Exception) {
                return new FieldProblem("body", "the request body is not valid UTF-8");
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                String parent = path(unknown.getPath().subList(0, Math.max(0, unknown.getPath().size() - 1)));
                return new FieldProblem(parent.isEmpty() ? unknown.getPropertyName()
                        : parent + "." + unknown.getPropertyName(), "unknown field");
            }
            if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
                return new FieldProblem(path(mismatch.getPath()), "wrong type or format");
            }
            if (cause instanceof StreamReadException) {
                return new FieldProblem("body", "the request body is not well-formed JSON");
            }
            if (cause instanceof JacksonException || cause instanceof DecodingException) {
                continue;
            }
        }
        if (input.getMethodParameter() != null && input.getMethodParameter().getParameterName() != null
                && !input.getMethodParameter().hasParameterAnnotation(
                        org.springframework.web.bind.annotation.RequestBody.class)) {
            return new FieldProblem(input.getMethodParameter().getParameterName(), "missing or malformed value");
        }
        return new FieldProblem("body", input.getReason() != null ? input.getReason() : "unreadable request body");
    }

    private static String path(List<JacksonException.Reference> references) {
        return references.stream()
                .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
