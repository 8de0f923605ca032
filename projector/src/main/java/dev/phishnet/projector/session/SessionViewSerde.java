package dev.phishnet.projector.session;

import java.nio.ByteBuffer;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * {@link SessionView}s in the projector's local state store and its changelog, as the same BSON document that the
 * {@code sessions} collection holds: one mapping to keep, and the changelog reads like the read model.
 */
public final class SessionViewSerde {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private SessionViewSerde() {
    }

    public static Serde<SessionView> create() {
        Serializer<SessionView> serializer = (topic, view) -> view == null ? null : bytes(view);
        Deserializer<SessionView> deserializer = (topic, bytes) -> bytes == null ? null
                : SessionDocuments.fromDocument(new RawBsonDocument(bytes).decode(CODEC));
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] bytes(SessionView view) {
        ByteBuffer buffer = new RawBsonDocument(SessionDocuments.toDocument(view), CODEC).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
