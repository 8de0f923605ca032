package dev.phishnet.schemas.serde;

import java.nio.ByteBuffer;

/** Confluent's framing: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary body. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id, after checking the framing; the buffer is left at the start of the body. */
    static int readHeader(String topic, ByteBuffer buffer) {
        if (buffer.remaining() < HEADER_SIZE) {
            throw new NotConfluentWireFormatException("Record from topic '" + topic + "' is not Confluent wire format: "
                    + buffer.remaining() + " bytes, fewer than the 5-byte header");
        }
        byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new NotConfluentWireFormatException("Record from topic '" + topic
                    + "' is not Confluent wire format: first byte is " + magic + ", expected magic byte 0");
        }
        return buffer.getInt();
    }
}
