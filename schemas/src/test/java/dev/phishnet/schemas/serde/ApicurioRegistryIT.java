package dev.phishnet.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.registry.CompatibilityLevel;
import dev.phishnet.schemas.registry.IncompatibleSchemaException;
import dev.phishnet.schemas.registry.SchemaNotRegisteredException;
import dev.phishnet.schemas.registry.SchemaRegistryClient;
import dev.phishnet.schemas.registry.SchemaRegistryConfig;
import dev.phishnet.schemas.registry.UnknownSchemaIdException;
import dev.phishnet.schemas.testing.ApicurioRegistry;
import dev.phishnet.schemas.testing.SampleMessages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The serde against a real Confluent-compatible registry (Apicurio), and an independent client reading our bytes. */
class ApicurioRegistryIT {

    private static final Path WORK = Path.of(System.getProperty("it.work.dir", "target/it"));
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path DECODER = Path.of(System.getProperty("python.script.dir", "src/test/python"),
            "decode_confluent.py");
    private static ApicurioRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.startInMemory(WORK);
        // Apicurio starts at NONE; BACKWARD is what production registries run with.
        client().setGlobalCompatibility(CompatibilityLevel.BACKWARD);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static SchemaRegistryClient client() {
        return SchemaRegistryClient.create(SchemaRegistryConfig.of(registry.confluentUrl()));
    }

    private static Map<String, Object> config(Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", registry.confluentUrl());
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private static <T extends GenericContainer> AvroSerializer<T> serializer(Object... keyValues) {
        AvroSerializer<T> serializer = new AvroSerializer<>();
        serializer.configure(config(keyValues), false);
        return serializer;
    }

    private static <T> AvroDeserializer<T> deserializer(Object... keyValues) {
        AvroDeserializer<T> deserializer = new AvroDeserializer<>();
        deserializer.configure(config(keyValues), false);
        return deserializer;
    }

    private static Schema probe(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"it\",\"fields\":["
                + fields + "]}");
    }

    @Test
    void globalCompatibilityIsBackward() {
        assertThat(client().globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void everyTopLevelMessageRoundTripsThroughTheRealRegistry() {
        AvroSerializer<SpecificRecord> serializer = serializer();
        AvroDeserializer<SpecificRecord> specific = deserializer("specific.avro.reader", true);
        AvroDeserializer<GenericRecord> generic = deserializer();

        SampleMessages.byTopic().forEach((topic, message) -> {
            byte[] bytes = serializer.serialize(topic, message);
            assertThat(bytes[0]).isZero();
            assertThat(specific.deserialize(topic, bytes)).isEqualTo(message);
            assertThat(generic.deserialize(topic, bytes).getSchema()).isEqualTo(message.getSchema());
        });
        assertThat(client().subjects()).contains("user-events-value", "commands-value", "command-replies-value",
                "audit-events-value");
    }

    @Test
    void incompatibleChangeIsRefusedNamingTheSubject() {
        AvroSerializer<GenericRecord> serializer = serializer();
        GenericRecord v1 = new GenericData.Record(probe("{\"name\":\"a\",\"type\":\"string\"}"));
        v1.put("a", "x");
        serializer.serialize("probes-incompatible", v1);
        GenericRecord breaking = new GenericData.Record(probe("{\"name\":\"a\",\"type\":\"int\"}"));
        breaking.put("a", 1);

        assertThatThrownBy(() -> serializer.serialize("probes-incompatible", breaking))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("probes-incompatible-value")
                .hasMessageContaining("/fields/0/type");
    }

    @Test
    void useLatestVersionWritesWithTheLatestRegisteredSchema() {
        Schema v1 = probe("{\"name\":\"a\",\"type\":\"string\"}");
        Schema v2 = probe("{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}");
        client().register("probes-latest-value", v1);
        int latestId = client().register("probes-latest-value", v2);
        GenericRecord record = new GenericData.Record(v1);
        record.put("a", "x");

        byte[] bytes = serializer("auto.register.schemas", false, "use.latest.version", true)
                .serialize("probes-latest", record);

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
        AvroDeserializer<GenericRecord> reader = deserializer();
        assertThat(reader.deserialize("probes-latest", bytes).getSchema()).isEqualTo(v2);
    }

    @Test
    void unregisteredSchemaWithoutAutoRegistrationIsAClearError() {
        GenericRecord record = new GenericData.Record(probe("{\"name\":\"z\",\"type\":\"long\"}"));
        record.put("z", 1L);

        assertThatThrownBy(() -> serializer("auto.register.schemas", false).serialize("probes-unregistered", record))
                .isInstanceOf(SchemaNotRegisteredException.class)
                .hasMessageContaining("probes-unregistered-value");
    }

    @Test
    void unknownSchemaIdIsAClearError() {
        byte[] bytes = ByteBuffer.allocate(6).put((byte) 0).putInt(987_654).put((byte) 0).array();

        assertThatThrownBy(() -> deserializer().deserialize("probes", bytes))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessageContaining("987654");
    }

    @Test
    void confluentsPythonClientDecodesWhatWeWrote() throws Exception {
        byte[] bytes = serializer().serialize("audit-events", SampleMessages.auditEvent());

        JsonNode decoded = new ObjectMapper().readTree(decodeWithPython(bytes));

        AuditEvent expected = SampleMessages.auditEvent();
        assertThat(decoded.get("action").asText()).isEqualTo(expected.getAction());
        assertThat(decoded.get("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(decoded.get("resourceId").asText()).isEqualTo("user-1");
        assertThat(decoded.get("reason").isNull()).isTrue();
        assertThat(decoded.get("details").get("email").asText()).isEqualTo("ada@example.com");
        assertThat(decoded.get("envelope").get("tenantId").asText()).isEqualTo("tenant-a");
        assertThat(decoded.get("envelope").get("actor").get("kind").asText()).isEqualTo("USER");
    }

    private static String decodeWithPython(byte[] bytes) throws IOException, InterruptedException {
        assertThat(PYTHON).as("Debian's /usr/bin/python3 is needed for the independent client:"
                + " apt-get install -y python3 python3-confluent-kafka python3-avro python3-requests").exists();
        Path out = WORK.resolve("python-decode.out");
        Path err = WORK.resolve("python-decode.err");
        Process python = new ProcessBuilder(List.of(PYTHON.toString(), DECODER.toString(), registry.confluentUrl()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        python.getOutputStream().write(Base64.getEncoder().encode(bytes));
        python.getOutputStream().close();
        if (!python.waitFor(60, TimeUnit.SECONDS)) {
            python.destroyForcibly().waitFor();
            throw new AssertionError("Python decoder did not finish within 60 s");
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(python.exitValue())
                .as("Python decoder failed (missing modules? apt-get install -y python3-confluent-kafka python3-avro"
                        + " python3-requests). stderr:%n%s", stderr)
                .isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
