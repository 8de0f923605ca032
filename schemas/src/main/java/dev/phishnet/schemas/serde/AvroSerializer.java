package dev.phishnet.schemas.serde;

import dev.phishnet.schemas.registry.ReaderWriterCheck;
import dev.phishnet.schemas.registry.RegisteredSchema;
import dev.phishnet.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) in the Confluent wire format, resolving the schema id through the
 * registry. Configure with {@link AvroSerdeConfig}'s keys.
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    private record SchemaPair(Schema target, Schema source) {
    }

    private record WriterKey(Schema schema, GenericData model) {
    }

    private AvroSerdeConfig config;
    private SchemaRegistryClient client;
    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final Map<SchemaPair, List<String>> projectionProblems = new ConcurrentHashMap<>();

    /** For Kafka, which instantiates by class name and then calls {@link #configure}. */
    public AvroSerializer() {
    }

    /** Ready to use, sharing a client (and its cache) with other serdes. */
    public AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.fromProperties(configs, isKey);
        this.client = SchemaRegistryClient.create(config.registry());
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroSerializer used before configure()");
        }
        String subject = config.subject(topic);
        Schema own = data.getSchema();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            if (config.autoRegister()) {
                out.write(WireFormat.header(client.register(subject, own)));
                write(own, modelOf(data), data, out);
            } else if (config.useLatestVersion()) {
                RegisteredSchema latest = client.latest(subject);
                out.write(WireFormat.header(latest.id()));
                writeAs(latest, own, data, out);
            } else {
                out.write(WireFormat.header(client.lookupId(subject, own)));
                write(own, modelOf(data), data, out);
            }
            return out.toByteArray();
        } catch (SerializationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // The record itself stays out of the message: it may hold personal data.
            throw new SerializationException("Cannot serialize a " + own.getFullName() + " for topic '" + topic + "': "
                    + e.getMessage(), e);
        }
    }

    /** Writes with the latest registered schema, which may differ from the record's own (a newer superset). */
    private void writeAs(RegisteredSchema latest, Schema own, T data, ByteArrayOutputStream out) throws IOException {
        if (latest.schema().equals(own)) {
            write(own, modelOf(data), data, out);
            return;
        }
        List<String> problems = projectionProblems.computeIfAbsent(new SchemaPair(latest.schema(), own),
                pair -> ReaderWriterCheck.problems(pair.target(), pair.source()));
        if (!problems.isEmpty()) {
            throw new SerializationException("Latest version " + latest.version() + " (id " + latest.id() + ") of subject '"
                    + latest.subject() + "' cannot represent records of schema " + own.getFullName() + ": " + problems);
        }
        // Positions of fields may differ between the two schemas, so re-read the record's bytes into the latest shape.
        ByteArrayOutputStream ownBytes = new ByteArrayOutputStream(256);
        write(own, modelOf(data), data, ownBytes);
        Object projected = new GenericDatumReader<>(own, latest.schema(), GenericData.get())
                .read(null, DecoderFactory.get().binaryDecoder(ownBytes.toByteArray(), null));
        write(latest.schema(), GenericData.get(), projected, out);
    }

    private void write(Schema schema, GenericData model, Object data, ByteArrayOutputStream out) throws IOException {
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writers.computeIfAbsent(new WriterKey(schema, model), AvroSerializer::newWriter).write(data, encoder);
        encoder.flush();
    }

    private static DatumWriter<Object> newWriter(WriterKey key) {
        return key.model() instanceof SpecificData specific
                ? new SpecificDatumWriter<>(key.schema(), specific)
                : new GenericDatumWriter<>(key.schema(), key.model());
    }

    private static GenericData modelOf(Object data) {
        // The generated class's own model knows its logical-type conversions (Instant for timestamp-millis).
        return data instanceof SpecificRecord ? SpecificData.getForClass(data.getClass()) : GenericData.get();
    }

    @Override
    public void close() {
        writers.clear();
    }
}
