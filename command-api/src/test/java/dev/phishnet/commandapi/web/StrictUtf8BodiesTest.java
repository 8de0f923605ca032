package dev.phishnet.commandapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StrictUtf8BodiesTest {

    private final StrictUtf8Bodies filter = new StrictUtf8Bodies();

    @Test
    void aCharacterSplitBetweenTwoBuffersPasses() {
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        StepVerifier.create(read(MediaType.APPLICATION_JSON, bytes("{\"a\":\""), new byte[] {e[0]},
                        concat(new byte[] {e[1]}, bytes("\"}"))))
                .expectNext("{\"a\":\"é\"}").verifyComplete();
    }

    @Test
    void overlongSurrogateAndTruncatedSequencesFail() {
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xFF}}) {
            StepVerifier.create(read(MediaType.APPLICATION_JSON, bytes("{\"a\":\""), bad, bytes("\"}")))
                    .verifyError(NotUtf8Exception.class);
        }
        StepVerifier.create(read(MediaType.APPLICATION_JSON, bytes("{\"a\":\""), new byte[] {(byte) 0xE2, (byte) 0x82}))
                .verifyError(NotUtf8Exception.class);
    }

    @Test
    void bodiesThatAreNotUtf8JsonAreLeftToTheCodecs() {
        byte[] latin1 = {'"', (byte) 0xE9, '"'};
        StepVerifier.create(read(MediaType.parseMediaType("application/json;charset=ISO-8859-1"), latin1))
                .expectNext(new String(latin1, StandardCharsets.ISO_8859_1)).verifyComplete();
        StepVerifier.create(read(MediaType.TEXT_PLAIN, latin1))
                .expectNext(new String(latin1, StandardCharsets.ISO_8859_1)).verifyComplete();
    }

    /** What a handler behind the filter reads of a body sent in the given chunks, as ISO-8859-1 or UTF-8 text. */
    private Mono<String> read(MediaType type, byte[]... chunks) {
        Flux<DataBuffer> body = Flux.fromArray(chunks).map(DefaultDataBufferFactory.sharedInstance::wrap);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/x")
                .contentType(type).body(body));
        StringBuilder seen = new StringBuilder();
        return filter.filter(exchange, filtered -> DataBufferUtils.join(filtered.getRequest().getBody())
                .doOnNext(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    seen.append(new String(bytes, MediaType.TEXT_PLAIN.equals(type) || type.getCharset() != null
                            ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
                }).then())
                .then(Mono.fromSupplier(seen::toString))
                .timeout(Duration.ofSeconds(5));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
