package dev.phishnet.schemas.registry;

/** The registry knows no schema with this id (Confluent error 40403 on GET /schemas/ids/{id}). */
public class UnknownSchemaIdException extends SchemaRegistryException {

    private final int schemaId;

    public UnknownSchemaIdException(int schemaId, String registryMessage) {
        super("Schema id " + schemaId + " is unknown to the schema registry: " + registryMessage, 404, 40403);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
