package dev.phishnet.projector.threatintel;

import java.nio.ByteBuffer;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * {@link IndicatorView}s in the projector's local state store and its changelog, as the same BSON document that the
 * {@code threat_intelligence} collection holds: one mapping to keep, and the changelog reads like the read model.
 */
public final class IndicatorViewSerde {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private IndicatorViewSerde() {
    }

    public static Serde<IndicatorView> create() {
        Serializer<IndicatorView> serializer = (topic, view) -> view == null ? null : bytes(view);
        Deserializer<IndicatorView> deserializer = (topic, bytes) -> bytes == null ? null
                : IndicatorDocuments.fromDocument(new RawBsonDocument(bytes).decode(CODEC));
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] bytes(IndicatorView view) {
        ByteBuffer buffer = new RawBsonDocument(IndicatorDocuments.toDocument(view), CODEC).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
