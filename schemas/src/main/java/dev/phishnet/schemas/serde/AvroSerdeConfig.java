package dev.phishnet.schemas.serde;

import dev.phishnet.schemas.registry.SchemaRegistryConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde settings read from Kafka client properties, under the names Confluent's serializers use so the same
 * property files work with either.
 *
 * @param registry         where the schema registry is
 * @param autoRegister     register the record's schema on first use
 * @param useLatestVersion with auto-registration off, write with the subject's latest schema
 * @param specificReader   decode into generated classes instead of {@code GenericRecord}
 * @param isKey            serde for record keys (subject {@code <topic>-key}) or values ({@code <topic>-value})
 */
public record AvroSerdeConfig(
        SchemaRegistryConfig registry, boolean autoRegister, boolean useLatestVersion, boolean specificReader,
        boolean isKey) {

    public static final String SCHEMA_REGISTRY_URL = SchemaRegistryConfig.URL;
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /** The only naming strategy supported: subject = {@code <topic>-key} or {@code <topic>-value}. */
    public static final String TOPIC_NAME_STRATEGY = "io.confluent.kafka.serializers.subject.TopicNameStrategy";

    public static AvroSerdeConfig fromProperties(Map<String, ?> props, boolean isKey) {
        requireTopicNameStrategy(props, KEY_SUBJECT_NAME_STRATEGY);
        requireTopicNameStrategy(props, VALUE_SUBJECT_NAME_STRATEGY);
        return new AvroSerdeConfig(
                SchemaRegistryConfig.fromProperties(props),
                flag(props, AUTO_REGISTER_SCHEMAS, true),
                flag(props, USE_LATEST_VERSION, false),
                flag(props, SPECIFIC_AVRO_READER, false),
                isKey);
    }

    /** Confluent's TopicNameStrategy. */
    public String subject(String topic) {
        return topic + (isKey ? "-key" : "-value");
    }

    private static boolean flag(Map<String, ?> props, String key, boolean defaultValue) {
        Object value = props.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(key, value, "expected true or false");
    }

    private static void requireTopicNameStrategy(Map<String, ?> props, String key) {
        Object value = props.get(key);
        String name = value instanceof Class<?> type ? type.getName() : value == null ? null : value.toString().trim();
        if (name != null && !name.equals(TOPIC_NAME_STRATEGY)) {
            throw new ConfigException(key, value, "only " + TOPIC_NAME_STRATEGY + " (the default) is supported");
        }
    }
}
