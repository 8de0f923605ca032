package dev.phishnet.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.serde.AvroDeserializer;
import dev.phishnet.schemas.serde.AvroSerializer;
import dev.phishnet.schemas.testing.SampleMessages;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {

    private static final Schema PROBE = new Schema.Parser().parse("""
            {"type":"record","name":"Probe","namespace":"test","fields":[{"name":"a","type":"string"}]}""");

    private final FakeConfluentRegistry fake = new FakeConfluentRegistry();

    HttpSchemaRegistryClientTest() throws IOException {
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private SchemaRegistryClient client() {
        return new HttpSchemaRegistryClient(SchemaRegistryConfig.of(fake.url()));
    }

    @Test
    void speaksTheConfluentApiUnderTheBaseUrlsPath() {
        SchemaRegistryClient client = client();

        int id = client.register("probes-value", PROBE);

        assertThat(client.lookupId("probes-value", PROBE)).isEqualTo(id);
        assertThat(client.schemaById(id)).isEqualTo(PROBE);
        assertThat(client.latest("probes-value")).isEqualTo(new RegisteredSchema("probes-value", id, 1, PROBE));
        assertThat(client.subjects()).containsExactly("probes-value");
        assertThat(fake.requests).contains("POST /subjects/probes-value/versions", "GET /schemas/ids/" + id);
    }

    @Test
    void readsAndSetsTheGlobalCompatibility() {
        SchemaRegistryClient client = client();

        client.setGlobalCompatibility(CompatibilityLevel.FULL_TRANSITIVE);

        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    }

    @Test
    void producersAndConsumersKeepWorkingFromCacheWhenTheRegistryGoesDown() {
        Map<String, Object> config = Map.of("schema.registry.url", fake.url(), "specific.avro.reader", true);
        AvroSerializer<AuditEvent> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        AvroDeserializer<AuditEvent> deserializer = new AvroDeserializer<>();
        deserializer.configure(config, false);
        deserializer.deserialize("audit-events", serializer.serialize("audit-events", SampleMessages.auditEvent()));

        fake.close();

        AuditEvent next = SampleMessages.auditEvent();
        next.setResourceId("user-2");
        assertThat(deserializer.deserialize("audit-events", serializer.serialize("audit-events", next))).isEqualTo(next);
    }

    @Test
    void usesTheFirstReachableUrl() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(
                Map.of("schema.registry.url", "http://127.0.0.1:1, " + fake.url()));

        assertThat(new HttpSchemaRegistryClient(config).register("probes-value", PROBE)).isEqualTo(1);
    }

    @Test
    void sendsBasicAuthFromUserInfo() {
        SchemaRegistryConfig config = SchemaRegistryConfig.fromProperties(Map.of(
                "schema.registry.url", fake.url(),
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc:s3cret"));

        new HttpSchemaRegistryClient(config).subjects();

        assertThat(fake.authorizations).containsExactly("Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes()));
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void mapsRegistryErrorsToTheirOwnExceptions() {
        SchemaRegistryClient client = client();
        client.register("probes-value", PROBE);
        Schema breaking = new Schema.Parser().parse("""
                {"type":"record","name":"Probe","namespace":"test","fields":[{"name":"a","type":"int"}]}""");

        assertThatThrownBy(() -> client.register("probes-value", breaking))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("probes-value");
        assertThatThrownBy(() -> client.schemaById(77))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessageContaining("77");
        assertThatThrownBy(() -> client.lookupId("other-value", PROBE))
                .isInstanceOf(SchemaNotRegisteredException.class)
                .hasMessageContaining("other-value");
        fake.forcedStatus = 500;
        assertThatThrownBy(client::subjects)
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(50001);
                })
                .hasMessageContaining("HTTP 500");
    }
}
