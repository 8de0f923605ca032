package dev.phishnet.projector.analysis;

import java.nio.ByteBuffer;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * {@link AnalysisView}s in the projector's local state store and its changelog, as the same BSON document that the
 * {@code email_analyses} collection holds: one mapping to keep, and the changelog reads like the read model.
 */
public final class AnalysisViewSerde {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private AnalysisViewSerde() {
    }

    public static Serde<AnalysisView> create() {
        Serializer<AnalysisView> serializer = (topic, view) -> view == null ? null : bytes(view);
        Deserializer<AnalysisView> deserializer = (topic, bytes) -> bytes == null ? null
                : AnalysisDocuments.fromDocument(new RawBsonDocument(bytes).decode(CODEC));
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] bytes(AnalysisView view) {
        ByteBuffer buffer = new RawBsonDocument(AnalysisDocuments.toDocument(view), CODEC).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
