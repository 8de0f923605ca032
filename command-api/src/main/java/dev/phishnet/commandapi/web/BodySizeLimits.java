package dev.phishnet.commandapi.web;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Two body limits where the codecs know one: the codecs buffer up to the larger (an analysis submission, with its
 * URLs), and this filter holds every other request to the smaller, failing its body as the codecs would (a
 * {@link DataBufferLimitException} while it is read, whether it announced its length or not), so that the API answers
 * the same 400.
 */
final class BodySizeLimits implements WebFilter {

    static final String ANALYSES = "/api/v1/analyses";

    private final long defaultLimit;
    private final long analysisLimit;

    BodySizeLimits(long defaultLimit, long analysisLimit) {
        this.defaultLimit = defaultLimit;
        this.analysisLimit = analysisLimit;
    }

    /** What the codecs must be able to buffer. */
    long codecLimit() {
        return Math.max(defaultLimit, analysisLimit);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = isAnalysisSubmission(request) ? analysisLimit : defaultLimit;
        if (limit >= codecLimit()) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(new Limited(request, limit)).build());
    }

    private static boolean isAnalysisSubmission(ServerHttpRequest request) {
        return HttpMethod.POST.equals(request.getMethod())
                && ANALYSES.equals(request.getPath().pathWithinApplication().value());
    }

    private static final class Limited extends ServerHttpRequestDecorator {

        private final long limit;

        Limited(ServerHttpRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong read = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (read.addAndGet(buffer.readableByteCount()) > limit) {
                    DataBufferUtils.release(buffer);
                    sink.error(new DataBufferLimitException("Exceeded limit on max bytes to buffer : " + limit));
                } else {
                    sink.next(buffer);
                }
            });
        }
    }
}
