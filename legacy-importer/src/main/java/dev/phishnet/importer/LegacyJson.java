package dev.phishnet.importer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads fields of a legacy record as {@code mongoexport} writes them (Mongo extended JSON: {@code {"$oid": ..}},
 * {@code {"$date": ..}} with an ISO string or {@code {"$numberLong": ..}}), and as plain JSON. A field that is there
 * but cannot be read throws {@link BadRecordException} naming it.
 */
final class LegacyJson {

    private LegacyJson() {}

    /** A string, an {@code $oid} or a number as text; empty when absent, null or blank. */
    static Optional<String> text(JsonNode record, String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isObject() && node.has("$oid")) {
            return Optional.of(node.get("$oid").asText());
        }
        if (node.isObject() && node.has("$numberLong")) {
            return Optional.of(node.get("$numberLong").asText());
        }
        if (node.isValueNode()) {
            String text = node.asText().strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }
        throw new BadRecordException(field, "is not a string");
    }

    static String requiredText(JsonNode record, String field) {
        return text(record, field).orElseThrow(() -> new BadRecordException(field, "is missing"));
    }

    static Optional<Instant> instant(JsonNode record, String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (node.isObject() && node.has("$date")) {
            node = node.get("$date");
            if (node.isObject() && node.has("$numberLong")) {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(node.get("$numberLong").asText())));
            }
        }
        if (node.isNumber()) {
            return Optional.of(Instant.ofEpochMilli(node.asLong()));
        }
        if (node.isTextual()) {
            return Optional.of(parse(field, node.asText().strip()));
        }
        throw new BadRecordException(field, "is not a date");
    }

    static Instant requiredInstant(JsonNode record, String field) {
        return instant(record, field).orElseThrow(() -> new BadRecordException(field, "is missing"));
    }

    static Optional<Boolean> bool(JsonNode record, String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw new BadRecordException(field, "is not a boolean");
        }
        return Optional.of(node.asBoolean());
    }

    static Optional<Double> number(JsonNode record, String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isObject() && node.has("$numberDouble")) {
            node = node.get("$numberDouble");
        }
        try {
            double value = node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new BadRecordException(field, "is not a finite number");
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw new BadRecordException(field, "is not a number");
        }
    }

    static List<String> strings(JsonNode record, String field) {
        JsonNode node = record.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw new BadRecordException(field, "is not a list");
        }
        node.forEach(item -> values.add(item.isValueNode() ? item.asText() : item.toString()));
        return values;
    }

    /** An object or list field kept as JSON text; empty when absent. */
    static Optional<String> json(JsonNode record, String field) {
        JsonNode node = record.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return Optional.of(node.toString());
    }

    private static Instant parse(String field, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                // Python's datetime.utcnow().isoformat(): no zone, meaning UTC.
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new BadRecordException(field, "is not an ISO-8601 date: " + text);
            }
        }
    }
}
