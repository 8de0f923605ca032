package dev.phishnet.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phishnet.schemas.registry.CompatibilityLevel;
import dev.phishnet.schemas.registry.SchemaRegistryClient;
import dev.phishnet.schemas.registry.SchemaRegistryConfig;
import dev.phishnet.schemas.testing.ApicurioRegistry;
import dev.phishnet.schemas.testing.SampleMessages;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Schema ids are part of every stored record, so they must outlive a registry crash. */
class ApicurioRestartIT {

    private static final Path WORK = Path.of(System.getProperty("it.work.dir", "target/it"));

    private ApicurioRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void idsSurviveAKillAndAreNotReusedAfterRestart() {
        Path store = WORK.resolve("h2-" + UUID.randomUUID());
        registry = ApicurioRegistry.startWithFileStore(WORK, store);
        SchemaRegistryClient.create(SchemaRegistryConfig.of(registry.confluentUrl()))
                .setGlobalCompatibility(CompatibilityLevel.BACKWARD);
        AvroSerializer<SpecificRecord> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.confluentUrl()), false);
        Map<String, byte[]> written = new LinkedHashMap<>();
        SampleMessages.byTopic().forEach((topic, message) -> written.put(topic, serializer.serialize(topic, message)));

        registry.close();
        registry = ApicurioRegistry.startWithFileStore(WORK, store);

        AvroDeserializer<SpecificRecord> fresh = new AvroDeserializer<>();
        fresh.configure(Map.of("schema.registry.url", registry.confluentUrl(), "specific.avro.reader", true), false);
        Set<Integer> usedIds = new HashSet<>();
        written.forEach((topic, bytes) -> {
            usedIds.add(ByteBuffer.wrap(bytes, 1, 4).getInt());
            assertThat(fresh.deserialize(topic, bytes)).isEqualTo(SampleMessages.byTopic().get(topic));
        });
        Schema newcomer = new Schema.Parser().parse("""
                {"type":"record","name":"Newcomer","namespace":"it","fields":[{"name":"n","type":"long"}]}""");
        int newId = SchemaRegistryClient.create(SchemaRegistryConfig.of(registry.confluentUrl()))
                .register("newcomers-value", newcomer);
        assertThat(usedIds).doesNotContain(newId);
    }
}
