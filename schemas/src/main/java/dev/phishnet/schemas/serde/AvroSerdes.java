package dev.phishnet.schemas.serde;

import dev.phishnet.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Ready-configured Kafka Streams serdes over {@link AvroSerializer} and {@link AvroDeserializer}; both halves share
 * one registry client and its cache.
 */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** Serde for one generated type; records written with older schemas are read into its current schema. */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, Map<String, ?> config, boolean isKey) {
        AvroSerdeConfig serdeConfig = AvroSerdeConfig.fromProperties(config, isKey);
        SchemaRegistryClient client = SchemaRegistryClient.create(serdeConfig.registry());
        return Serdes.serdeFrom(new AvroSerializer<>(client, serdeConfig),
                new AvroDeserializer<>(client, serdeConfig, type));
    }

    /** Serde for {@link GenericRecord}s, decoded with the schema they were written with. */
    public static Serde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
        AvroSerdeConfig given = AvroSerdeConfig.fromProperties(config, isKey);
        AvroSerdeConfig serdeConfig = new AvroSerdeConfig(given.registry(), given.autoRegister(),
                given.useLatestVersion(), false, isKey);
        SchemaRegistryClient client = SchemaRegistryClient.create(serdeConfig.registry());
        return Serdes.serdeFrom(new AvroSerializer<>(client, serdeConfig),
                new AvroDeserializer<>(client, serdeConfig, null));
    }
}
