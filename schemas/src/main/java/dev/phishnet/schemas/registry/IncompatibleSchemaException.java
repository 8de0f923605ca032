package dev.phishnet.schemas.registry;

/** The registry refused a schema because it breaks the subject's compatibility rule (HTTP 409). */
public class IncompatibleSchemaException extends SchemaRegistryException {

    private final String subject;

    public IncompatibleSchemaException(String subject, String registryMessage) {
        super("Schema is incompatible with earlier versions of subject '" + subject + "': " + registryMessage, 409, 409);
        this.subject = subject;
    }

    public String subject() {
        return subject;
    }
}
