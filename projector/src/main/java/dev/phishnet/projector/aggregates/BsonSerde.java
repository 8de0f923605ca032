package dev.phishnet.projector.aggregates;

import java.nio.ByteBuffer;
import java.util.function.Function;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/** Values of the aggregate stores and their changelogs as BSON: the changelog reads like the documents written. */
final class BsonSerde {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private BsonSerde() {
    }

    static <T> Serde<T> of(Function<T, Document> toDocument, Function<Document, T> fromDocument) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : bytes(toDocument.apply(value));
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null
                : fromDocument.apply(new RawBsonDocument(bytes).decode(CODEC));
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] bytes(Document document) {
        ByteBuffer buffer = new RawBsonDocument(document, CODEC).getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
