package dev.phishnet.commandapi.fuzz;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.RecordComponent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates request number {@code i} of a fuzz run: endpoint {@code i} modulo the endpoints, kind in turn, details
 * drawn from a {@link Random} seeded with the run's seed and {@code i}, so a run is reproduced by its seed alone.
 *
 * <p>A request to a method that changes state (POST, PUT, PATCH, DELETE) is always broken in a way the API must refuse
 * (a body that cannot be read, a token it cannot accept, a path naming nothing, a method the path does not map). When
 * the chosen mutation cannot guarantee that alone (a header oddity, a query parameter), it is sent together with such a
 * breaker, so that no fuzzed request may legitimately change anything. GETs are sent as generated.
 */
final class Mutations {

    /** What the generator needs to know of the running API and the seeded data. */
    record Target(int port, List<Endpoint> endpoints, Map<String, Set<String>> methodsByPattern,
            Map<String, String> idsByCollection, String tenantToken, String operatorToken, BadTokens badTokens,
            BodyShapes shapes, long defaultBodyLimit, long analysisBodyLimit) {
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(:[^}]*)?}");
    private static final Kind[] KINDS = Kind.values();

    private final Target target;
    private final long seed;

    Mutations(Target target, long seed) {
        this.target = target;
        this.seed = seed;
    }

    FuzzRequest request(int i) {
        List<Endpoint> endpoints = target.endpoints();
        Endpoint endpoint = endpoints.get(i % endpoints.size());
        Kind kind = KINDS[(i / endpoints.size()) % KINDS.length];
        Random random = new Random(seed * 1_000_003L + i);
        FuzzRequest request = base(endpoint, kind);
        boolean broken = switch (kind) {
            case MALFORMED_JSON -> malformedJson(request, random);
            case WRONG_TYPE -> wrongType(request, random);
            case NOSQL_BODY -> nosqlBody(request, random);
            case NOSQL_QUERY -> nosqlQuery(request, random);
            case HUGE_BODY -> hugeBody(request, random);
            case DEEP_NESTING -> deepNesting(request, random);
            case INVALID_UTF8 -> invalidUtf8(request, random);
            case CONTENT_TYPE -> contentType(request, random);
            case HEADER_ABUSE -> headerAbuse(request, random);
            case BAD_TOKEN -> badToken(request, random);
            case PATH_TRAVERSAL -> pathTraversal(request, random);
            case QUERY_PARAMETERS -> queryParameters(request, random);
            case METHOD_AND_REQUEST_LINE -> methodAndRequestLine(request, random);
        };
        if (!broken && !endpoint.safe()) {
            breaker(request, random);
        }
        return request;
    }

    private FuzzRequest base(Endpoint endpoint, Kind kind) {
        FuzzRequest request = new FuzzRequest(endpoint, kind).target(path(endpoint.pattern(), null));
        request.header("Host", "127.0.0.1:" + target.port()).header("Connection", "close")
                .header("User-Agent", "phishnet-fuzzer/1.0")
                .header("Authorization", "Bearer " + tokenFor(endpoint));
        if (endpoint.hasBody()) {
            request.header("Content-Type", "application/json").body(validBody(endpoint));
        }
        return request;
    }

    private String tokenFor(Endpoint endpoint) {
        return endpoint.pattern().startsWith("/api/v1/admin") ? target.operatorToken() : target.tenantToken();
    }

    private String validBody(Endpoint endpoint) {
        return BodyShapes.json(target.shapes().valid(endpoint.bodyType()));
    }

    /** The pattern with its variables filled: real ids, or {@code replacement} for the one variable chosen. */
    private String path(String pattern, String replacement) {
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = replacement != null ? replacement : realId(pattern.substring(0, matcher.start()));
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private String realId(String before) {
        String[] segments = before.split("/");
        String collection = segments.length == 0 ? "" : segments[segments.length - 1];
        return target.idsByCollection().getOrDefault(collection, "fuzz");
    }

    /** Makes a state-changing request certainly refused, keeping what the kind did as far as possible. */
    private void breaker(FuzzRequest request, Random random) {
        if (request.endpoint().hasBody() && !request.bodyFixed && request.body.length > 0
                && request.body.length < 100_000) {
            request.body(pick(random, List.of("{", "{\"", "[", "{\"a\":", "}", "{]")) ).note("+breaker: malformed body");
        } else {
            request.replaceHeader("Authorization", "Bearer " + pick(random, target.badTokens().refused()))
                    .note("+breaker: refused token");
        }
    }

    // ----- kinds: each returns whether the request is now certainly refused -----

    private boolean malformedJson(FuzzRequest request, Random random) {
        String valid = request.endpoint().hasBody() ? validBody(request.endpoint()) : "{\"a\":1}";
        List<String> bodies = new ArrayList<>(List.of("{", "}", "[", "{\"email\":", "{\"email\": \"x\"",
                "{'email':'x'}", "{\"email\":\"x\",}", valid + " trailing", valid + "}", "{\"email\": NaN}",
                "{\"email\": undefined}", "/* comment */ {", "{\"a\":1}{\"b\":2}", "\uFEFF{", "\"just a string\"",
                "42", "true", "[]", "[" + valid + "]", "{\"email\":\"a\u0000b\"}", "{\"email\":\"a\nb\"",
                "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":0x10}", "{\"a\":1e99999999999}",
                "{\"a\":\"\\uZZZZ\"}", "{\"a\":\"\\x41\"}", "{\"a\" 1}", "{a:1}", "{\"a\":tru}", "{\"a\":nul}",
                valid.substring(0, Math.max(1, random.nextInt(valid.length())))));
        if (request.endpoint().bodyRequired()) {
            bodies.addAll(List.of("", "null", " ", "\n\n"));
        }
        String body = pick(random, bodies);
        request.body(body).note("body=" + cut(body));
        return request.endpoint().hasBody();
    }

    private boolean wrongType(FuzzRequest request, Random random) {
        Endpoint endpoint = request.endpoint();
        if (!endpoint.hasBody() || !endpoint.bodyType().isRecord()) {
            request.header("Content-Type", "application/json").body("{\"id\":{},\"limit\":\"abc\"}");
            return false;
        }
        RecordComponent[] components = endpoint.bodyType().getRecordComponents();
        Map<String, String> body = target.shapes().valid(endpoint.bodyType());
        if (random.nextInt(6) == 0) {
            String unknown = pick(random, List.of("$where", "isAdmin", "tenantId", "roles ", "__proto__", "",
                    "constructor", "password\u0000", "e\u0301mail"));
            body.put(unknown, pick(random, List.of("\"1\"", "true", "{}", "null")));
            request.body(BodyShapes.json(body)).note("unknown field " + unknown);
            return true;
        }
        RecordComponent component = components[random.nextInt(components.length)];
        String wrong = pick(random, target.shapes().wrongValues(component.getType(), component.getGenericType()));
        body.put(component.getName(), wrong);
        request.body(BodyShapes.json(body)).note(component.getName() + "=" + wrong);
        return true;
    }

    private boolean nosqlBody(FuzzRequest request, Random random) {
        Endpoint endpoint = request.endpoint();
        String operator = pick(random, BodyShapes.OPERATORS);
        if (!endpoint.hasBody() || !endpoint.bodyType().isRecord()) {
            request.header("Content-Type", "application/json").body("{\"id\":" + operator + "}");
            return false;
        }
        Map<String, String> body = target.shapes().valid(endpoint.bodyType());
        int choice = random.nextInt(10);
        if (choice == 0) {
            body.put(pick(random, List.of("$where", "$gt", "$ne", "$or", "$expr")), operator);
            request.body(BodyShapes.json(body)).note("top-level operator " + operator);
            return true;
        }
        if (choice == 1) {
            // Every field at once.
            body.replaceAll((name, value) -> operator);
            request.body(BodyShapes.json(body)).note("every field " + operator);
            return true;
        }
        String field = pick(random, new ArrayList<>(body.keySet()));
        body.put(field, operator);
        request.body(BodyShapes.json(body)).note(field + "=" + operator);
        return true;
    }

    private boolean nosqlQuery(FuzzRequest request, Random random) {
        List<String> names = new ArrayList<>(request.endpoint().queryParameters().keySet());
        if (names.isEmpty()) {
            names.addAll(List.of("email", "id", "tenantId", "userId"));
        }
        StringBuilder query = new StringBuilder();
        int count = 1 + random.nextInt(Math.min(3, names.size()));
        for (int n = 0; n < count; n++) {
            String name = pick(random, names);
            String operator = pick(random, List.of("$gt", "$ne", "$where", "$regex", "$in", "$exists", "$nin"));
            String part = switch (random.nextInt(6)) {
                case 0 -> name + "[" + operator + "]=" + pick(random, List.of("", "x", "1", "null"));
                case 1 -> encode(name + "[" + operator + "]") + "=x";
                case 2 -> name + "=" + encode(pick(random, BodyShapes.OPERATORS));
                case 3 -> name + "=" + encode(operator);
                case 4 -> name + "[]=a&" + name + "[]=b";
                default -> encode(operator) + "=" + encode("1") + "&" + name + "=" + encode(".*");
            };
            query.append(query.length() == 0 ? "?" : "&").append(part);
        }
        request.target(request.targetText() + query).note("query " + query);
        return false;
    }

    private boolean hugeBody(FuzzRequest request, Random random) {
        Endpoint endpoint = request.endpoint();
        boolean analysis = endpoint.method().equals("POST") && endpoint.pattern().equals("/api/v1/analyses");
        long limit = analysis ? target.analysisBodyLimit() : target.defaultBodyLimit();
        int size = (int) Math.min(limit + 1 + random.nextInt((int) Math.min(limit, 256 * 1024)), 16L << 20);
        if (endpoint.safe()) {
            // A GET's body is not read: keep it small enough that it is not the point.
            size = Math.min(size, 128 * 1024);
        }
        String field = endpoint.hasBody() && endpoint.bodyType().isRecord()
                ? endpoint.bodyType().getRecordComponents()[0].getName() : "a";
        byte[] body = switch (random.nextInt(4)) {
            case 0 -> ("{\"" + field + "\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
            case 1 -> ("[" + "1,".repeat(size / 2) + "1]").getBytes(StandardCharsets.UTF_8);
            case 2 -> {
                byte[] bytes = new byte[size];
                random.nextBytes(bytes);
                yield bytes;
            }
            default -> ("{" + "\"k\":0,".repeat(size / 6) + "\"z\":0}").getBytes(StandardCharsets.UTF_8);
        };
        request.body(body).note("size " + body.length + " limit " + limit);
        if (random.nextBoolean()) {
            request.chunked = true;
            request.note("chunked, no Content-Length");
        }
        if (!request.hasHeader("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        return endpoint.hasBody();
    }

    private boolean deepNesting(FuzzRequest request, Random random) {
        int depth = 10_000;
        String body = switch (random.nextInt(4)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            case 2 -> "[".repeat(depth);
            default -> {
                Endpoint endpoint = request.endpoint();
                String field = endpoint.hasBody() && endpoint.bodyType().isRecord()
                        ? endpoint.bodyType().getRecordComponents()[0].getName() : "a";
                yield "{\"" + field + "\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            }
        };
        request.body(body).note("depth " + depth);
        if (!request.hasHeader("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (random.nextInt(4) == 0 && !request.endpoint().queryParameters().isEmpty()) {
            String name = request.endpoint().queryParameters().keySet().iterator().next();
            request.target(request.targetText() + "?" + name + "=" + encode("[".repeat(2000)));
        }
        return request.endpoint().hasBody();
    }

    private boolean invalidUtf8(FuzzRequest request, Random random) {
        byte[] bad = pick(random, List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xFE, (byte) 0xFF}));
        String hex = percent(bad);
        switch (random.nextInt(6)) {
            case 0, 1 -> {
                Endpoint endpoint = request.endpoint();
                String valid = endpoint.hasBody() ? validBody(endpoint) : "{\"a\":\"b\"}";
                int quote = valid.indexOf("\":\"");
                int at = quote < 0 ? 1 : quote + 3;
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
                body.write(bytes, 0, at);
                body.writeBytes(bad);
                body.write(bytes, at, bytes.length - at);
                request.body(body.toByteArray()).note("body bytes " + hex);
                if (!request.hasHeader("Content-Type")) {
                    request.header("Content-Type", "application/json");
                }
                return endpoint.hasBody();
            }
            case 2 -> {
                // UTF-16 with a BOM is legal JSON; the malformed part is what must be refused.
                byte[] utf16 = ("\uFEFF{\"email\": ").getBytes(StandardCharsets.UTF_16LE);
                request.body(utf16).note("UTF-16LE, unterminated");
                if (!request.hasHeader("Content-Type")) {
                    request.header("Content-Type", "application/json");
                }
                return request.endpoint().hasBody();
            }
            case 3 -> {
                request.target(request.targetText() + "?" + firstParameter(request) + "=" + hex).note("query " + hex);
                return false;
            }
            case 4 -> {
                if (request.endpoint().hasPathVariables()) {
                    request.target(path(request.endpoint().pattern(), "a" + hex)).note("path variable " + hex);
                    return true;
                }
                request.target(request.targetText() + hex).note("path " + hex);
                return false;
            }
            default -> {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                String name = pick(random, List.of("X-Fuzz", "User-Agent", "Idempotency-Key", "X-Consistency-Token",
                        "Accept-Language", "X-Forwarded-For"));
                line.writeBytes((name + ": a").getBytes(StandardCharsets.ISO_8859_1));
                line.writeBytes(bad);
                line.writeBytes("b".getBytes(StandardCharsets.ISO_8859_1));
                request.removeHeader(name).rawHeader(line.toByteArray()).note("header " + name + " bytes " + hex);
                return false;
            }
        }
    }

    private boolean contentType(FuzzRequest request, Random random) {
        record Variant(String value, boolean refused) {
        }
        Variant variant = pick(random, List.of(new Variant(null, true), new Variant("text/plain", true),
                new Variant("application/xml", true), new Variant("application/x-www-form-urlencoded", true),
                new Variant("multipart/form-data; boundary=x", true),
                new Variant("application/json; charset=ebcdic-unknown", true),
                new Variant("application/json; charset=utf-32", false), new Variant("application/json;;;", false),
                new Variant("garbage", true), new Variant("/", true), new Variant("application/", true),
                new Variant("application/json, text/plain", false), new Variant("APPLICATION/JSON", false),
                new Variant("application/json; boundary=\"unterminated", false),
                new Variant("application/octet-stream", true), new Variant("image/png", true),
                new Variant("application/json; charset=\u00ff", false), new Variant("\u0000", false),
                new Variant("text/html; charset=utf-8", true), new Variant("application/json" + ";a=b".repeat(200),
                        false)));
        request.removeHeader("Content-Type");
        request.malformedHttp = "\u0000".equals(variant.value());
        if (variant.value() != null) {
            request.header("Content-Type", variant.value());
        }
        if (!request.endpoint().hasBody()) {
            request.body("{\"a\":1}");
        }
        request.note("Content-Type " + (variant.value() == null ? "absent" : cut(variant.value())));
        return request.endpoint().hasBody() && variant.refused();
    }

    private boolean headerAbuse(FuzzRequest request, Random random) {
        int choice = random.nextInt(30);
        String note;
        switch (choice) {
            case 0 -> {
                request.header("X-Fuzz", "v".repeat(16 * 1024));
                note = "one 16 KiB header";
            }
            case 1 -> {
                for (int n = 0; n < 600; n++) {
                    request.header("X-Fuzz-" + n, "value-" + n);
                }
                note = "600 headers";
            }
            case 2 -> {
                for (int n = 0; n < 60; n++) {
                    request.header("X-Fuzz", "value-" + n);
                }
                note = "60 headers of one name";
            }
            case 3 -> {
                request.rawHeader("X-Fuzz: a\nb".getBytes(StandardCharsets.ISO_8859_1));
                note = "bare LF in a value";
                request.malformedHttp = true;
            }
            case 4 -> {
                request.rawHeader("X-Fuzz: a\rb".getBytes(StandardCharsets.ISO_8859_1));
                note = "bare CR in a value";
                request.malformedHttp = true;
            }
            case 5 -> {
                request.rawHeader("X-Fuzz: a\u0000b".getBytes(StandardCharsets.ISO_8859_1));
                note = "NUL in a value";
                request.malformedHttp = true;
            }
            case 6 -> {
                request.rawHeader("X-Fuzz: a\r\nX-Injected: b".getBytes(StandardCharsets.ISO_8859_1));
                note = "CRLF injected header";
            }
            case 7 -> {
                request.rawHeader(pick(random, List.of("X Fuzz: a", "XFuzz", "X(Fuzz): a", ": a", "X-Fuzz : a",
                        " X-Fuzz: a")).getBytes(StandardCharsets.ISO_8859_1));
                note = "malformed header line";
                request.malformedHttp = true;
            }
            case 8 -> {
                request.rawHeader("X-Fuzz: a\r\n  folded".getBytes(StandardCharsets.ISO_8859_1));
                note = "obs-fold";
                request.malformedHttp = true;
            }
            case 9 -> {
                String bad = pick(random, target.badTokens().refused());
                if (random.nextBoolean()) {
                    request.header("Authorization", "Bearer " + bad);
                } else {
                    request.removeHeader("Authorization").header("Authorization", "Bearer " + bad)
                            .header("Authorization", "Bearer " + tokenFor(request.endpoint()));
                }
                note = "duplicate Authorization, one refused";
            }
            case 10 -> {
                request.header("Authorization", "Bearer " + tokenFor(request.endpoint()));
                note = "duplicate Authorization, both valid";
            }
            case 11 -> {
                request.header("Content-Length", Integer.toString(request.body.length))
                        .header("Content-Length", Integer.toString(request.body.length + 1));
                note = "conflicting Content-Length";
                request.malformedHttp = true;
            }
            case 12 -> {
                request.header("Content-Length", pick(random, List.of("abc", "-1", "+5", "1, 2", "0x10", "",
                        "99999999999999999999999")));
                note = "malformed Content-Length";
                request.malformedHttp = true;
            }
            case 13 -> {
                request.header("Content-Length", Integer.toString(request.body.length));
                request.chunked = true;
                // RFC 9112 6.3: a server may refuse both (request smuggling); Netty does.
                request.malformedHttp = true;
                note = "Transfer-Encoding and Content-Length";
            }
            case 14 -> {
                request.contentLength = false;
                request.header("Transfer-Encoding", "chunked");
                request.body("zz\r\n{}\r\n0\r\n\r\n");
                request.bodyFixed = true;
                request.malformedHttp = true;
                note = "malformed chunk size";
            }
            case 15 -> {
                request.removeHeader("Host");
                if (random.nextBoolean()) {
                    request.header("Host", "evil.example").header("Host", "127.0.0.1");
                } else if (random.nextBoolean()) {
                    request.header("Host", pick(random, List.of("evil.example:99999", "a b c", "[::1", "..",
                            "127.0.0.1:-1", "\u00ff")));
                }
                // RFC 9112 3.2: a request without exactly one valid Host is refused with a 400 before any handler.
                request.malformedHttp = true;
                note = "Host absent, duplicate or malformed";
            }
            case 16, 17 -> {
                String name = pick(random, List.of("X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Port",
                        "X-Forwarded-Proto", "X-Forwarded-Prefix", "Forwarded", "X-Forwarded-Ssl", "X-Real-IP"));
                String value = pick(random, List.of("abc", "-1", "99999999", "{\"$gt\":\"\"}", "/../../", "a b c",
                        "for=\"[::1", "for=unknown;proto=javascript", "[::1]:x", "1.2.3.4, , ,", "%00", "::::",
                        "host=\"\"", "for=1.2.3.4;host=evil.example:abc", "300.300.300.300",
                        "1.1.1.1,".repeat(500)));
                request.header(name, value);
                note = name + ": " + cut(value);
            }
            case 18 -> {
                String value = pick(random, List.of("", " ", "{\"$gt\":\"\"}", "k".repeat(2000), "\u00e9\u00e8",
                        "../../x", "a\tb"));
                request.header("Idempotency-Key", value);
                if (random.nextBoolean()) {
                    request.header("Idempotency-Key", "second");
                }
                note = "Idempotency-Key " + cut(value);
            }
            case 19 -> {
                String value = pick(random, List.of("garbage", "{\"$gt\":\"\"}", "users:abc:-1", "users::",
                        "YWJj", "t".repeat(3000), "users:" + "x".repeat(100) + ":99999999999999999999",
                        "sessions:../:1", ":::", "analyses:a:1:extra"));
                request.header("X-Consistency-Token", value);
                note = "X-Consistency-Token " + cut(value);
            }
            case 20 -> {
                String value = pick(random, List.of("text/html", "application/xml", "garbage", "*/*;q=abc",
                        "text/plain", "image/png", "application/json;q=0", "application/problem+xml", "/"));
                request.header("Accept", value);
                note = "Accept " + value;
            }
            case 21 -> {
                request.header("Content-Encoding", pick(random, List.of("gzip", "br", "deflate, gzip", "bogus")));
                note = "Content-Encoding without an encoded body";
            }
            case 22 -> {
                request.header("Expect", pick(random, List.of("100-continue", "garbage", "200-ok")));
                note = "Expect";
            }
            case 23 -> {
                if (random.nextBoolean()) {
                    request.header("Upgrade", "h2c").header("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA")
                            .replaceHeader("Connection", "Upgrade, HTTP2-Settings, close");
                } else {
                    request.header("Upgrade", "websocket").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                            .header("Sec-WebSocket-Version", "13").replaceHeader("Connection", "Upgrade");
                }
                note = "Upgrade";
            }
            case 24 -> {
                String agent = pick(random, List.of("u".repeat(7000), "\u0001\u0002", "{\"$where\":\"1\"}", "",
                        "Mozilla/5.0 (" + "(".repeat(2000)));
                request.replaceHeader("User-Agent", agent);
                // Control characters are not allowed in a field value (RFC 9110 5.5); Netty refuses them.
                request.malformedHttp = agent.startsWith("\u0001");
                note = "odd User-Agent";
            }
            case 25 -> {
                request.header("Cookie", pick(random, List.of("SESSION=../../", "a=" + "c".repeat(5000), ";;;=;",
                        "\"\"")));
                note = "Cookie";
            }
            case 26 -> {
                request.header("Range", "bytes=0-1,2-3,-5").header("If-None-Match", "\"garbage")
                        .header("If-Modified-Since", "yesterday");
                note = "conditional and range headers";
            }
            case 27 -> {
                request.header("Origin", pick(random, List.of("null", "http://evil.example", "garbage")))
                        .header("Access-Control-Request-Method", "DELETE")
                        .header("Access-Control-Request-Headers", "authorization, x-" + "h".repeat(100));
                note = "CORS headers";
            }
            case 28 -> {
                request.replaceHeader("Connection", pick(random, List.of("keep-alive, close", "garbage", "close, "
                        + "Authorization", "Content-Length, close")));
                note = "odd Connection";
            }
            default -> {
                request.rawHeader("X-Fuzz: a\r\n\r\nGET /api/v1/users HTTP/1.1\r\nHost: x".getBytes(
                        StandardCharsets.ISO_8859_1));
                // The headers after the blank line (Content-Length among them) belong to the smuggled request: the first
                // one has no body, so only a refused token (appended after it, hence absent) can break it.
                request.bodyFixed = true;
                note = "header block ended early (smuggled request)";
            }
        }
        request.note(note);
        return false;
    }

    private boolean badToken(FuzzRequest request, Random random) {
        int choice = random.nextInt(10);
        request.removeHeader("Authorization");
        if (choice < 6) {
            String token = pick(random, target.badTokens().refused());
            request.header("Authorization", "Bearer " + token).note("refused token " + cut(token));
            return true;
        }
        if (choice == 6) {
            String token = pick(random, target.badTokens().oddClaims());
            request.header("Authorization", "Bearer " + token).note("real key, odd claims");
            return false;
        }
        String valid = tokenFor(request.endpoint());
        String header = pick(random, List.of("Bearer", "Bearer ", "Bearer  " + valid, "Bearer " + valid + " extra",
                "Basic dXNlcjpwYXNzd29yZA==", "Token " + valid, "Bearer\t" + valid, "Bearer " + valid + "\u00ff",
                "Bearer " + valid + "==x", "Bearer {\"$gt\":\"\"}", "Bearer ../../../etc/passwd"));
        request.header("Authorization", header).note("Authorization " + cut(header));
        return !header.startsWith("Basic");
    }

    private boolean pathTraversal(FuzzRequest request, Random random) {
        String evil = pick(random, List.of("..", "../..", "..%2f..%2fusers", "%2e%2e", "%2e%2e%2f", "..%5c", "%2f",
                "a%2fb", "%00", "a%00b", "%252e%252e%252f", ".%2e", "..;", ";jsessionid=x", "%c0%ae%c0%ae%c0%af",
                "...", "~", "%", "%zz", "%u002e", "%7Bid%7D", "*", "$ne", "%5B$ne%5D", "%24ne", "x".repeat(3000),
                "a%20b", "%2e", ".", "..%00", "%5c..%5c", "a%0d%0aX-Injected:%20b", "%0a", "\\..\\..",
                "a;b=c", "%3b", "a%23b", "a?b"));
        if (request.endpoint().hasPathVariables()) {
            request.target(path(request.endpoint().pattern(), evil)).note("path variable " + cut(evil));
            return true;
        }
        String path = request.targetText();
        int slash = path.lastIndexOf('/');
        String changed = switch (random.nextInt(4)) {
            case 0 -> path.substring(0, slash) + "/" + evil + path.substring(slash);
            case 1 -> path + "/" + evil;
            case 2 -> path.replace("/", "//");
            default -> path.substring(0, slash) + "/%2e%2e" + path.substring(slash);
        };
        request.target(changed).note("path " + cut(changed));
        return false;
    }

    private boolean queryParameters(FuzzRequest request, Random random) {
        List<String> names = new ArrayList<>(request.endpoint().queryParameters().keySet());
        names.addAll(List.of("limit", "cursor", "size", "page"));
        StringBuilder query = new StringBuilder();
        int count = 1 + random.nextInt(3);
        for (int n = 0; n < count; n++) {
            String name = pick(random, names);
            String value = pick(random, List.of("-1", "0", "99999999999999999999", "2147483648", "abc", "1e3", "",
                    "1.5", "%205", "0x10", "-2147483649", "NaN", "yesterday", "2026-13-01", "+999999999-12-31",
                    "2026-01-01T00:00:00Z", "%00", "(a%2B)%2B$", ".*", "x".repeat(4000), "%ff%fe",
                    encode(Base64.getUrlEncoder().encodeToString("{\"$gt\":\"\"}".getBytes(StandardCharsets.UTF_8))),
                    encode(Base64.getUrlEncoder().encodeToString(("2026-01-01T00:00:00Z|" + "x".repeat(50))
                            .getBytes(StandardCharsets.UTF_8))), "%E2%80%AE", "true", "null"));
            query.append(query.length() == 0 ? "?" : "&").append(name).append('=').append(value);
            if (random.nextInt(5) == 0) {
                query.append('&').append(name).append("=1");
            }
        }
        request.target(request.targetText() + query).note("query " + cut(query.toString()));
        return false;
    }

    private boolean methodAndRequestLine(FuzzRequest request, Random random) {
        Endpoint endpoint = request.endpoint();
        int choice = random.nextInt(3);
        if (choice == 0) {
            Set<String> mapped = target.methodsByPattern().getOrDefault(endpoint.pattern(), Set.of());
            List<String> unmapped = new ArrayList<>(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
            unmapped.removeAll(mapped);
            request.method = unmapped.isEmpty() ? "PROPFIND" : pick(random, unmapped);
            request.note("unmapped method " + request.method);
            return true;
        }
        if (choice == 1) {
            request.method = pick(random, List.of("FOO", "PROPFIND", endpoint.method().toLowerCase(), "TRACE",
                    "CONNECT", "HEAD", "OPTIONS", "M".repeat(300), "GET\u00ff", "P\u0000ST"));
            request.note("method " + cut(request.method));
            // Not a token (RFC 9110 9.1): the codec refuses it.
            request.malformedHttp = !request.method.chars().allMatch(c -> c > 32 && c < 127)
                    || request.method.length() > 100;
            return !request.method.equals("HEAD") && !request.method.equals("OPTIONS");
        }
        String path = request.targetText();
        String verb = endpoint.method();
        record Line(String line, boolean malformed) {
        }
        Line line = pick(random, List.of(
                new Line(verb + " " + path + " HTTP/1.1 extra", true),
                new Line(verb + " " + path + " HTTP/9.9", false),
                new Line(verb + " " + path + " HTTP/1.x", true),
                new Line(verb + " " + path, true),
                new Line(verb + "  " + path + " HTTP/1.1", false),
                new Line(path + " HTTP/1.1", true),
                new Line(verb + " * HTTP/1.1", false),
                new Line(verb + " " + path.substring(1) + " HTTP/1.1", false),
                new Line(verb + " " + path + "/{x} HTTP/1.1", false),
                new Line(verb + " " + path + "|b HTTP/1.1", false),
                new Line(verb + " " + path + "\"b HTTP/1.1", false),
                new Line(verb + " " + path + "^`<> HTTP/1.1", true),
                new Line(verb + " " + path + "% HTTP/1.1", false),
                new Line(verb + " " + path + "?a=%zz HTTP/1.1", false),
                new Line(verb + " " + path + "?%=%&&== HTTP/1.1", false),
                new Line(verb + " " + path + "#frag HTTP/1.1", false),
                new Line(verb + " " + path + "\u0000 HTTP/1.1", true),
                new Line(verb + " " + path + "/" + "x".repeat(20_000) + " HTTP/1.1", false),
                new Line(verb + " http://evil.example" + path + " HTTP/1.1", false),
                new Line(verb + " //evil.example" + path + " HTTP/1.1", false),
                new Line(verb + " " + path + " HTTP/1.0", false),
                new Line(verb + " " + path + " http/1.1", true)));
        String[] parts = line.line().split(" ");
        if (parts.length >= 2 && !line.malformed()) {
            request.target(parts[parts.length - 2]);
        }
        request.malformedHttp = line.malformed();
        request.requestLine = line.line().getBytes(StandardCharsets.ISO_8859_1);
        request.note("request line " + cut(line.line()));
        return false;
    }

    private String firstParameter(FuzzRequest request) {
        return request.endpoint().queryParameters().keySet().stream().findFirst().orElse("q");
    }

    private static String percent(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append('%').append(String.format("%02X", b & 0xFF));
        }
        return out.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String cut(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...(" + text.length() + ")";
    }
}
