package dev.phishnet.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A payload that does not start with magic byte 0 and a 4-byte schema id, so it was not written by a registry-aware serializer. */
public class NotConfluentWireFormatException extends SerializationException {

    public NotConfluentWireFormatException(String message) {
        super(message);
    }
}
