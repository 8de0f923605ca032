package dev.phishnet.projector.user;

import java.nio.ByteBuffer;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * {@link UserView}s in the projector's local state store and its changelog, as the same BSON document that the
 * {@code users} collection holds: one mapping to keep, and the changelog reads like the read model.
 */
public final class UserViewSerde {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private UserViewSerde() {
    }

    public static Serde<UserView> create() {
        Serializer<UserView> serializer = (topic, view) -> view == null ? null : bytes(view);
        Deserializer<UserView> deserializer = (topic, bytes) -> bytes == null ? null
                : UserDocuments.fromDocument(new RawBsonDocument(bytes).decode(CODEC));
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] bytes(UserView view) {
        ByteBuffer buffer = new RawBsonDocument(UserDocuments.toDocument(view), CODEC).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
