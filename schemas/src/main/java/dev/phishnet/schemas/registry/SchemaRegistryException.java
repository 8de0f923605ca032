package dev.phishnet.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/** The registry answered with an HTTP error this client has no more specific exception for. */
public class SchemaRegistryException extends SerializationException {

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    protected SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.errorCode = -1;
    }

    /** HTTP status, or -1 when no answer came. */
    public int status() {
        return status;
    }

    /** Confluent {@code error_code}, or -1 when the answer had none. */
    public int errorCode() {
        return errorCode;
    }
}
