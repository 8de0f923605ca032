package dev.phishnet.commandapi.fuzz;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Valid bodies learnt from the request records' components (name and type), and values of the wrong type for each
 * component. Values are raw JSON text, so that a mutation can put anything, valid JSON or not, in one field.
 */
final class BodyShapes {

    /** NoSQL query operators, as an attacker would put them where a string or number goes. */
    static final List<String> OPERATORS = List.of("{\"$gt\":\"\"}", "{\"$ne\":null}", "{\"$where\":\"1\"}",
            "{\"$regex\":\".*\"}", "{\"$in\":[\"admin\"]}", "{\"$exists\":true}", "[{\"$gt\":\"\"}]",
            "{\"$expr\":{\"$eq\":[1,1]}}", "{\"$function\":{\"body\":\"return true\",\"args\":[],\"lang\":\"js\"}}");

    private final String userId;

    BodyShapes(String userId) {
        this.userId = userId;
    }

    /** A body the endpoint would accept as to shape (and mostly as to content): component name to raw JSON. */
    Map<String, String> valid(Class<?> type) {
        Map<String, String> body = new LinkedHashMap<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                body.put(component.getName(), validValue(component.getName(), component.getType(),
                        component.getGenericType()));
            }
        }
        return body;
    }

    /** Values no JSON binding turns into the component's type, nor coerces into it. */
    List<String> wrongValues(Class<?> type, Type generic) {
        if (type == String.class) {
            return List.of("{}", "[\"a\",\"b\"]", "{\"a\":1}", "[[1]]", "[]");
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return List.of("\"abc\"", "{}", "[]", "\"1.5e3x\"", "99999999999999999999999999", "\"0x10\"", "[1]");
        }
        if (type == Double.class || type == double.class) {
            return List.of("\"abc\"", "{}", "[]", "\"1,5\"", "[0.5]", "\"--1\"");
        }
        if (type == Boolean.class || type == boolean.class) {
            return List.of("\"maybe\"", "{}", "[]", "\"yes please\"", "[true]");
        }
        if (type == Instant.class) {
            return List.of("\"yesterday\"", "{}", "[]", "\"2026-13-45T99:99:99Z\"", "\"\"", "[2026,1,1]",
                    "\"1e99999\"");
        }
        if (List.class.isAssignableFrom(type)) {
            return List.of("{}", "[{}]", "[[\"a\"]]", "[{\"a\":1}]", "{\"0\":\"a\"}", "[[]]");
        }
        return List.of("\"abc\"", "[]", "42");
    }

    static String json(Map<String, String> body) {
        return body.entrySet().stream().map(entry -> quote(entry.getKey()) + ":" + entry.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private String validValue(String name, Class<?> type, Type generic) {
        String field = name.toLowerCase(Locale.ROOT);
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "5";
        }
        if (type == Double.class || type == double.class) {
            return "0.5";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true";
        }
        if (type == Instant.class) {
            return "\"2026-01-02T03:04:05Z\"";
        }
        if (List.class.isAssignableFrom(type)) {
            String element = generic instanceof ParameterizedType parameterized
                    && parameterized.getActualTypeArguments()[0] == String.class ? "string" : "other";
            return switch (field) {
                case "roles" -> "[\"analyst\"]";
                case "urls" -> "[\"https://login.evil.example/a\"]";
                case "ipallowlist" -> "[\"10.0.0.0/8\"]";
                default -> element.equals("string") ? "[\"fuzz\"]" : "[]";
            };
        }
        if (field.contains("email") || field.equals("sender") || field.equals("recipient")) {
            return "\"fuzz@example.com\"";
        }
        return quote(switch (field) {
            case "password" -> "a long enough fuzz password";
            case "code" -> "123456";
            case "indicator" -> "evil.example";
            case "indicatortype" -> "domain";
            case "threatlevel" -> "high";
            case "timezone" -> "Europe/Paris";
            case "role" -> "user";
            case "userid" -> userId;
            case "refreshtoken" -> "r".repeat(43);
            default -> "fuzz";
        });
    }
}
