package dev.phishnet.commandapi.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses a JSON body that is not well-formed UTF-8 while it is read. Jackson decodes UTF-8 leniently: it takes the
 * overlong {@code C0 AF} for {@code /} (the classic way past a check for {@code ../}), so such bytes would reach a
 * command as if they were valid. The JDK's decoder is strict (overlong forms, surrogates, truncated sequences all
 * fail); a body declared in another charset is left to the codecs.
 */
final class StrictUtf8Bodies implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isUtf8Json(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(new Checked(exchange.getRequest())).build());
    }

    private static boolean isUtf8Json(ServerHttpRequest request) {
        MediaType type;
        try {
            type = request.getHeaders().getContentType();
        } catch (InvalidMediaTypeException unreadable) {
            // The codecs refuse it with a 415 of their own.
            return false;
        }
        if (type == null || !(type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json"))) {
            return false;
        }
        try {
            return type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset());
        } catch (IllegalArgumentException unknownCharset) {
            return false;
        }
    }

    private static final class Checked extends ServerHttpRequestDecorator {

        Checked(ServerHttpRequest request) {
            super(request);
        }

        @Override
        public Flux<DataBuffer> getBody() {
            Utf8 check = new Utf8();
            return super.getBody().<DataBuffer>handle((buffer, sink) -> {
                if (check.accept(buffer)) {
                    sink.next(buffer);
                } else {
                    DataBufferUtils.release(buffer);
                    sink.error(new NotUtf8Exception());
                }
            }).concatWith(Mono.defer(() -> check.end() ? Mono.empty() : Mono.error(new NotUtf8Exception())));
        }
    }

    /** Decodes a body buffer by buffer, keeping a character split between two buffers for the next. */
    private static final class Utf8 {

        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final CharBuffer chars = CharBuffer.allocate(4096);
        private byte[] pending = new byte[0];

        boolean accept(DataBuffer buffer) {
            try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
                while (buffers.hasNext()) {
                    if (!accept(buffers.next())) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean accept(ByteBuffer bytes) {
            ByteBuffer in = bytes;
            if (pending.length > 0) {
                in = ByteBuffer.allocate(pending.length + bytes.remaining()).put(pending).put(bytes).flip();
            }
            CoderResult result;
            do {
                chars.clear();
                result = decoder.decode(in, chars, false);
                if (result.isError()) {
                    return false;
                }
            } while (result.isOverflow());
            pending = new byte[in.remaining()];
            in.get(pending);
            return true;
        }

        boolean end() {
            chars.clear();
            if (decoder.decode(ByteBuffer.wrap(pending), chars, true).isError()) {
                return false;
            }
            chars.clear();
            return !decoder.flush(chars).isError();
        }
    }
}
