package dev.phishnet.schemas.registry;

/** No configured registry URL answered (connection refused, timeout, I/O error). */
public class SchemaRegistryUnreachableException extends SchemaRegistryException {

    public SchemaRegistryUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
