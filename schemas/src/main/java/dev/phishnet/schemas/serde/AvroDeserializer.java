package dev.phishnet.schemas.serde;

import dev.phishnet.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro: into {@code GenericRecord}s by default, into generated classes when
 * {@code specific.avro.reader=true} or when built for one type (then data written with older schemas is resolved
 * into the class's current schema).
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private final Class<T> specificType;
    private AvroSerdeConfig config;
    private SchemaRegistryClient client;
    private final Map<Integer, DatumReader<?>> readers = new ConcurrentHashMap<>();

    /** For Kafka, which instantiates by class name and then calls {@link #configure}. */
    public AvroDeserializer() {
        this.specificType = null;
    }

    /** Decodes into this generated class whatever {@code specific.avro.reader} says; call {@link #configure}. */
    public AvroDeserializer(Class<T> specificType) {
        this.specificType = specificType;
    }

    /** Ready to use, sharing a client (and its cache) with other serdes. */
    public AvroDeserializer(SchemaRegistryClient client, AvroSerdeConfig config, Class<T> specificType) {
        this.client = client;
        this.config = config;
        this.specificType = specificType;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.config = AvroSerdeConfig.fromProperties(configs, isKey);
        this.client = SchemaRegistryClient.create(config.registry());
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer used before configure()");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        int id = WireFormat.readHeader(topic, buffer);
        DatumReader<?> reader = readers.computeIfAbsent(id, this::newReader);
        try {
            return (T) reader.read(null, DecoderFactory.get()
                    .binaryDecoder(data, buffer.position(), buffer.remaining(), null));
        } catch (IOException | RuntimeException e) {
            // The bytes stay out of the message: they may hold personal data.
            throw new SerializationException("Cannot decode a record of schema id " + id + " from topic '" + topic
                    + "': " + e, e);
        }
    }

    private DatumReader<?> newReader(int id) {
        Schema writer = client.schemaById(id);
        Class<?> type = specificType != null ? specificType : config.specificReader() ? generatedClass(writer) : null;
        if (type == null) {
            return new GenericDatumReader<>(writer);
        }
        SpecificData model = SpecificData.getForClass(type);
        return new SpecificDatumReader<>(writer, model.getSchema(type), model);
    }

    private static Class<?> generatedClass(Schema writer) {
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null || type == Object.class) {
            throw new SerializationException("specific.avro.reader=true but no generated class for "
                    + writer.getFullName() + " is on the classpath");
        }
        return type;
    }

    @Override
    public void close() {
        readers.clear();
    }
}
