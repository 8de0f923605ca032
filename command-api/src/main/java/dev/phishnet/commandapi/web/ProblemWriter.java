package dev.phishnet.commandapi.web;

import java.util.List;
import java.util.Map;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/**
 * Writes a problem as {@code application/problem+json} straight to a response, whatever the request's Accept says:
 * for errors answered outside a controller, where no content negotiation may fail a second time.
 */
public final class ProblemWriter {

    private static final ResolvableType PROBLEM = ResolvableType.forClass(ProblemDetail.class);

    private final HttpMessageWriter<ProblemDetail> writer;

    @SuppressWarnings("unchecked")
    public ProblemWriter(List<HttpMessageWriter<?>> writers) {
        this.writer = (HttpMessageWriter<ProblemDetail>) writers.stream()
                .filter(candidate -> candidate.canWrite(PROBLEM, MediaType.APPLICATION_PROBLEM_JSON))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No codec writes application/problem+json"));
    }

    public Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, HttpHeaders headers,
            ProblemDetail problem) {
        response.setStatusCode(status);
        response.getHeaders().addAll(headers);
        return writer.write(Mono.just(problem), PROBLEM, MediaType.APPLICATION_PROBLEM_JSON, response, Map.of());
    }
}
