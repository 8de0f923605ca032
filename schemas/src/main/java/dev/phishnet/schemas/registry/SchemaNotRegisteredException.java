package dev.phishnet.schemas.registry;

/** A subject, or a schema under it, that a caller expected to be registered is not (404 from lookup or latest). */
public class SchemaNotRegisteredException extends SchemaRegistryException {

    public SchemaNotRegisteredException(String message, int errorCode) {
        super(message, 404, errorCode);
    }
}
