package dev.phishnet.commandapi.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * HTTP/1.1 over a plain socket, one connection per request: it sends exactly the bytes it is given (invalid UTF-8,
 * CR/LF in header values, duplicate or conflicting headers, which {@code java.net.http} refuses to send) and reads one
 * response, within a deadline. No answer within it is a hung connection.
 */
final class RawHttpClient implements AutoCloseable {

    private final InetSocketAddress server;
    private final Duration timeout;
    /** Bodies are written beside the reading thread: a server may answer (and stop reading) before the body ends. */
    private final ExecutorService writers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fuzz-writer");
        thread.setDaemon(true);
        return thread;
    });

    RawHttpClient(int port, Duration timeout) {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.timeout = timeout;
    }

    /** What became of one request. */
    sealed interface Result {
    }

    /** An answer: status, headers (names lower-cased, last one wins), body. */
    record Response(int status, Map<String, String> headers, byte[] body) implements Result {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** No complete answer within the deadline: the connection hung. */
    record Hung(String detail) implements Result {
    }

    /** The server closed (or reset) the connection without a status line. */
    record Closed(String detail) implements Result {
    }

    Result send(byte[] head, byte[] body, boolean headRequest) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.flush();
            if (body.length > 0) {
                writers.execute(() -> {
                    try {
                        out.write(body);
                        out.flush();
                    } catch (IOException answeredOrClosedEarly) {
                        // The server may answer a refused body before reading it all; the answer is what counts.
                    }
                });
            }
            return read(new java.io.BufferedInputStream(socket.getInputStream()), deadline, headRequest);
        } catch (SocketTimeoutException e) {
            return new Hung("no complete response within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return new Closed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Result read(InputStream in, long deadline, boolean headRequest) throws IOException {
        Reader reader = new Reader(in, deadline);
        int status;
        Map<String, String> headers;
        do {
            // An interim answer (100 Continue) comes before the final one.
            String statusLine = reader.line();
            if (statusLine == null) {
                return new Closed("connection closed before a status line");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                return new Closed("not an HTTP status line: " + statusLine);
            }
            status = Integer.parseInt(parts[1]);
            headers = new LinkedHashMap<>();
            for (String line = reader.line(); line != null && !line.isEmpty(); line = reader.line()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
        } while (status / 100 == 1);
        byte[] body;
        if (headRequest || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = reader.chunked();
        } else if (headers.containsKey("content-length")) {
            body = reader.exactly(Integer.parseInt(headers.get("content-length")));
        } else {
            body = reader.toEnd();
        }
        return new Response(status, headers, body);
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }

    /** Reads lines and bodies, failing with a timeout once the request's deadline has passed. */
    private static final class Reader {

        private final InputStream in;
        private final long deadline;

        Reader(InputStream in, long deadline) {
            this.in = in;
            this.deadline = deadline;
        }

        private int next() throws IOException {
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("deadline passed");
            }
            return in.read();
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b = next();
            if (b < 0) {
                return null;
            }
            while (b >= 0 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
                b = next();
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        byte[] exactly(int length) throws IOException {
            byte[] bytes = new byte[length];
            int read = 0;
            while (read < length) {
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException("deadline passed");
                }
                int n = in.read(bytes, read, length - read);
                if (n < 0) {
                    throw new IOException("body ended after " + read + " of " + length + " bytes");
                }
                read += n;
            }
            return bytes;
        }

        byte[] chunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                if (size == null) {
                    throw new IOException("chunked body ended early");
                }
                int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                        // trailers are not used by the API
                    }
                    return body.toByteArray();
                }
                body.write(exactly(length));
                line();
            }
        }

        byte[] toEnd() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int b = next(); b >= 0; b = next()) {
                body.write(b);
            }
            return body.toByteArray();
        }
    }
}
