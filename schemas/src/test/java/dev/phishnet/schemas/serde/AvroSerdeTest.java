package dev.phishnet.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.registry.IncompatibleSchemaException;
import dev.phishnet.schemas.registry.MockSchemaRegistry;
import dev.phishnet.schemas.registry.SchemaNotRegisteredException;
import dev.phishnet.schemas.registry.SchemaRegistryUnreachableException;
import dev.phishnet.schemas.registry.UnknownSchemaIdException;
import dev.phishnet.schemas.testing.SampleMessages;
import dev.phishnet.schemas.user.UserEvent;
import dev.phishnet.schemas.user.UserRegistered;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final Schema PROBE_V1 = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"test","fields":[{"name":"a","type":"string"}]}""");
    private static final Schema PROBE_V2_OPTIONAL_FIELD = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"test","fields":[{"name":"a","type":"string"},
             {"name":"b","type":["null","string"],"default":null}]}""");
    private static final Schema PROBE_V2_REQUIRED_FIELD = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"test","fields":[{"name":"a","type":"string"},
             {"name":"severity","type":"int"}]}""");

    private final String scope = "serde-test-" + UUID.randomUUID();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.drop(scope);
    }

    private Map<String, Object> config(Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", "mock://" + scope);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    private <T extends GenericContainer> AvroSerializer<T> serializer(Object... keyValues) {
        AvroSerializer<T> serializer = new AvroSerializer<>();
        serializer.configure(config(keyValues), false);
        return serializer;
    }

    private <T> AvroDeserializer<T> deserializer(Object... keyValues) {
        AvroDeserializer<T> deserializer = new AvroDeserializer<>();
        deserializer.configure(config(keyValues), false);
        return deserializer;
    }

    private static GenericRecord probe(Schema schema, String a) {
        GenericData.Record record = new GenericData.Record(schema);
        record.put("a", a);
        return record;
    }

    @Test
    void everyTopLevelMessageRoundTripsAsItsGeneratedClass() {
        AvroSerializer<SpecificRecord> serializer = serializer();
        AvroDeserializer<SpecificRecord> deserializer = deserializer("specific.avro.reader", "true");

        SampleMessages.byTopic().forEach((topic, message) ->
                assertThat(deserializer.deserialize(topic, serializer.serialize(topic, message))).isEqualTo(message));
    }

    @Test
    void bytesStartWithMagicByteAndTheRegisteredSchemaId() {
        byte[] bytes = serializer().serialize("user-events", SampleMessages.userRegistered());

        ByteBuffer header = ByteBuffer.wrap(bytes);
        assertThat(header.get()).isZero();
        assertThat(header.getInt()).isEqualTo(1);
        assertThat(MockSchemaRegistry.forScope(scope).latest("user-events-value").schema())
                .isEqualTo(UserEvent.getClassSchema());
    }

    @Test
    void genericReaderSeesTheFieldsOfASpecificWriter() {
        byte[] bytes = serializer().serialize("audit-events", SampleMessages.auditEvent());

        GenericRecord decoded = this.<GenericRecord>deserializer().deserialize("audit-events", bytes);

        assertThat(decoded.get("action")).hasToString("user.register");
        assertThat(decoded.get("outcome")).hasToString("ACCEPTED");
        assertThat(((GenericRecord) decoded.get("envelope")).get("occurredAt"))
                .isEqualTo(SampleMessages.AT.toEpochMilli());
    }

    @Test
    void genericRecordRoundTrips() {
        GenericRecord record = probe(PROBE_V1, "x");

        byte[] bytes = this.<GenericRecord>serializer().serialize("probes", record);

        assertThat(this.<GenericRecord>deserializer().deserialize("probes", bytes)).isEqualTo(record);
    }

    @Test
    void specificSerdeReadsUnionPayloadsIntoGeneratedClasses() {
        Serde<UserEvent> serde = AvroSerdes.specific(UserEvent.class, config(), false);

        UserEvent decoded = serde.deserializer().deserialize("user-events",
                serde.serializer().serialize("user-events", SampleMessages.userRegistered()));

        assertThat(decoded.getPayload()).isInstanceOf(UserRegistered.class);
        assertThat(decoded.getEnvelope().getOccurredAt()).isEqualTo(SampleMessages.AT);
    }

    @Test
    void keySerdeUsesTheKeySubject() {
        AvroSerializer<AuditEvent> serializer = new AvroSerializer<>();
        serializer.configure(config(), true);

        serializer.serialize("audit-events", SampleMessages.auditEvent());

        assertThat(MockSchemaRegistry.forScope(scope).subjects()).containsExactly("audit-events-key");
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestSchema() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        registry.register("probes-value", PROBE_V1);
        int latestId = registry.register("probes-value", PROBE_V2_OPTIONAL_FIELD);

        byte[] bytes = this.<GenericRecord>serializer("auto.register.schemas", "false", "use.latest.version", "true")
                .serialize("probes", probe(PROBE_V1, "x"));

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
        GenericRecord decoded = this.<GenericRecord>deserializer().deserialize("probes", bytes);
        assertThat(decoded.getSchema()).isEqualTo(PROBE_V2_OPTIONAL_FIELD);
        assertThat(decoded.get("a")).hasToString("x");
        assertThat(decoded.get("b")).isNull();
    }

    @Test
    void withoutAutoRegistrationTheExactSchemaIdIsLookedUp() {
        int id = MockSchemaRegistry.forScope(scope).register("probes-value", PROBE_V1);

        byte[] bytes = this.<GenericRecord>serializer("auto.register.schemas", false).serialize("probes", probe(PROBE_V1, "x"));

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void withoutAutoRegistrationAnUnregisteredSchemaFailsNamingTheSubject() {
        AvroSerializer<GenericRecord> serializer = serializer("auto.register.schemas", "false");

        assertThatThrownBy(() -> serializer.serialize("probes", probe(PROBE_V1, "x")))
                .isInstanceOf(SchemaNotRegisteredException.class)
                .hasMessageContaining("probes-value");
    }

    @Test
    void incompatibleSchemaIsRefusedNamingSubjectAndField() {
        AvroSerializer<GenericRecord> serializer = serializer();
        serializer.serialize("probes", probe(PROBE_V1, "x"));
        GenericRecord breaking = probe(PROBE_V2_REQUIRED_FIELD, "x");
        breaking.put("severity", 3);

        assertThatThrownBy(() -> serializer.serialize("probes", breaking))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("probes-value")
                .hasMessageContaining("severity");
    }

    @Test
    void unknownSchemaIdFailsNamingTheId() {
        byte[] bytes = ByteBuffer.allocate(6).put((byte) 0).putInt(4242).put((byte) 0).array();

        assertThatThrownBy(() -> deserializer().deserialize("probes", bytes))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessageContaining("4242");
    }

    @Test
    void payloadWithoutMagicByteIsNotConfluentWireFormat() {
        byte[] json = "{\"a\":1}".getBytes();

        assertThatThrownBy(() -> deserializer().deserialize("probes", json))
                .isInstanceOf(NotConfluentWireFormatException.class)
                .hasMessageContaining("not Confluent wire format");
    }

    @Test
    void unreachableRegistryFailsNamingTheUrl() {
        AvroSerializer<AuditEvent> serializer = new AvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", "http://127.0.0.1:1"), false);

        assertThatThrownBy(() -> serializer.serialize("audit-events", SampleMessages.auditEvent()))
                .isInstanceOf(SchemaRegistryUnreachableException.class)
                .hasMessageContaining("http://127.0.0.1:1");
    }

    @Test
    void nullsPassThrough() {
        assertThat(serializer().serialize("probes", null)).isNull();
        assertThat(deserializer().deserialize("probes", null)).isNull();
    }

    @Test
    void onlyTheTopicNameStrategyIsAccepted() {
        AvroSerializer<GenericRecord> serializer = new AvroSerializer<>();
        Map<String, Object> topicRecord = config("value.subject.name.strategy",
                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");

        assertThatThrownBy(() -> serializer.configure(topicRecord, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy");
        serializer.configure(config("key.subject.name.strategy", AvroSerdeConfig.TOPIC_NAME_STRATEGY), false);
    }

    @Test
    void missingRegistryUrlIsAConfigError() {
        assertThatThrownBy(() -> new AvroSerializer<>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }
}
