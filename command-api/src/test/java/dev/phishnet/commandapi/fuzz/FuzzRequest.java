package dev.phishnet.commandapi.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One generated request, as raw bytes: request line, header lines exactly as given, body. Built by {@link Mutations}
 * from an endpoint's valid request, then bent.
 */
final class FuzzRequest {

    final Endpoint endpoint;
    final Kind kind;
    /** What was done, for the report of a failure. */
    final List<String> notes = new ArrayList<>();
    String method;
    /** The request target (path and query), possibly with bytes no client library would send. */
    byte[] target;
    final List<byte[]> headers = new ArrayList<>();
    byte[] body = new byte[0];
    /** Adds a Content-Length of the body (unless a header sets one, or the body is chunked). */
    boolean contentLength = true;
    boolean chunked;
    /** The exact request line, when the mutation replaces it. */
    byte[] requestLine;
    /** Set by a mutation whose bytes are not well-formed HTTP/1.1 (request line, header syntax, message framing). */
    boolean malformedHttp;
    /** Set by a mutation whose body is part of its point (framing): a breaker must not replace it. */
    boolean bodyFixed;

    /** Netty's defaults: {@code server.max-http-request-header-size} 8 KiB, initial line 4 KiB. */
    private static final int MAX_HEADER_BYTES = 8192;
    private static final int MAX_LINE_BYTES = 4096;

    FuzzRequest(Endpoint endpoint, Kind kind) {
        this.endpoint = endpoint;
        this.kind = kind;
        this.method = endpoint.method();
    }

    Endpoint endpoint() {
        return endpoint;
    }

    FuzzRequest note(String note) {
        notes.add(note);
        return this;
    }

    FuzzRequest target(String target) {
        this.target = target.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    String targetText() {
        return new String(target, StandardCharsets.ISO_8859_1);
    }

    FuzzRequest header(String name, String value) {
        headers.add((name + ": " + value).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    FuzzRequest rawHeader(byte[] line) {
        headers.add(line);
        return this;
    }

    FuzzRequest removeHeader(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        headers.removeIf(line -> new String(line, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                .startsWith(prefix));
        return this;
    }

    FuzzRequest replaceHeader(String name, String value) {
        return removeHeader(name).header(name, value);
    }

    boolean hasHeader(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return headers.stream().anyMatch(line -> new String(line, StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT).startsWith(prefix));
    }

    FuzzRequest body(String json) {
        this.body = json.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    FuzzRequest body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    boolean isHead() {
        return "HEAD".equals(sentMethod());
    }

    /** The method as the request line sends it. */
    String sentMethod() {
        if (requestLine == null) {
            return method;
        }
        String line = new String(requestLine, StandardCharsets.ISO_8859_1);
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    /**
     * Whether the request is one the HTTP codec or the server adapter refuses before any application code runs, so
     * that no problem document can be expected: bytes that are not HTTP/1.1 (flagged by the mutation), a request line
     * or header section over Netty's limits, or a target that is not a URI (Spring's adapter cannot build the
     * exchange).
     */
    boolean refusedBeforeTheApplication() {
        if (malformedHttp) {
            return true;
        }
        int headerBytes = headers.stream().mapToInt(line -> line.length + 2).sum();
        int lineBytes = requestLine != null ? requestLine.length : method.length() + target.length + 10;
        if (headerBytes > MAX_HEADER_BYTES || lineBytes > MAX_LINE_BYTES) {
            return true;
        }
        try {
            new java.net.URI(new String(target, StandardCharsets.ISO_8859_1));
            return false;
        } catch (java.net.URISyntaxException notAUri) {
            return true;
        }
    }

    /** Request line and headers, up to and including the empty line. */
    byte[] head() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (requestLine != null) {
            out.writeBytes(requestLine);
        } else {
            out.writeBytes(method.getBytes(StandardCharsets.ISO_8859_1));
            out.write(' ');
            out.writeBytes(target);
            out.writeBytes(" HTTP/1.1".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(CRLF);
        for (byte[] header : headers) {
            out.writeBytes(header);
            out.writeBytes(CRLF);
        }
        if (chunked) {
            out.writeBytes("Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else if (contentLength && !hasHeader("Content-Length") && (body.length > 0 || !endpoint.safe())) {
            out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    /** The body as sent: chunked in 8 KiB chunks when {@link #chunked}. */
    byte[] wireBody() {
        if (!chunked) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int start = 0; start < body.length; start += 8192) {
            int length = Math.min(8192, body.length - start);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, start, length);
            out.writeBytes(CRLF);
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** One line for a report: kind, endpoint, what was sent (the head cut short, the body's start). */
    String describe() {
        String head = new String(head(), StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
        String start = new String(body, 0, Math.min(body.length, 160), StandardCharsets.ISO_8859_1)
                .replace("\r", "\\r").replace("\n", "\\n");
        return kind + " " + endpoint + " " + notes + " head=" + cut(head, 400) + " body(" + body.length + ")="
                + start;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }

    private static final byte[] CRLF = {'\r', '\n'};
}
