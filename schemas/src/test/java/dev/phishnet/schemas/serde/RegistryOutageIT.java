package dev.phishnet.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.phishnet.schemas.registry.SchemaRegistryUnreachableException;
import dev.phishnet.schemas.testing.ApicurioRegistry;
import dev.phishnet.schemas.testing.SampleMessages;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The registry down under running producers and consumers (a real Apicurio, stopped): every schema they have used
 * keeps working from their caches, byte for byte; a schema they have not used yet fails at once with an error that
 * says which registry could not be reached, never a record written without its schema.
 */
@Tag("chaos")
class RegistryOutageIT {

    private static final Path WORK = Path.of(System.getProperty("it.work.dir", "target/it"));

    private ApicurioRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void cachedSchemasKeepWorkingAndANewSchemaFailsClearly() {
        registry = ApicurioRegistry.startInMemory(WORK);
        String url = registry.confluentUrl();
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", url), false);
        AvroDeserializer<SpecificRecord> deserializer = new AvroDeserializer<>();
        deserializer.configure(Map.of("schema.registry.url", url, "specific.avro.reader", true), false);
        Map<String, byte[]> before = new LinkedHashMap<>();
        SampleMessages.byTopic().forEach((topic, message) -> {
            byte[] bytes = serializer.serialize(topic, message);
            before.put(topic, bytes);
            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(message);
        });

        registry.close();
        registry = null;

        SampleMessages.byTopic().forEach((topic, message) -> {
            byte[] bytes = serializer.serialize(topic, message);
            assertThat(bytes).as("topic %s while the registry is down", topic).isEqualTo(before.get(topic));
            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(message);
        });
        var first = SampleMessages.byTopic().entrySet().iterator().next();
        assertThatThrownBy(() -> serializer.serialize("a-topic-never-written-" + System.nanoTime(), first.getValue()))
                .isInstanceOf(SerializationException.class)
                .isInstanceOf(SchemaRegistryUnreachableException.class)
                .hasMessageContaining("Schema registry unreachable at")
                .hasMessageContaining(url.replaceFirst("/$", ""));
    }
}
