package dev.phishnet.schemas.registry;

import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The part of the Confluent schema registry API the serde and the operators' tools need.
 * Obtain one with {@link #create(SchemaRegistryConfig)}.
 */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject (idempotent) and returns its id. */
    int register(String subject, Schema schema);

    /** Id of this exact schema under the subject; {@link SchemaNotRegisteredException} when absent. */
    int lookupId(String subject, Schema schema);

    /** The schema with this id; {@link UnknownSchemaIdException} when absent. */
    Schema schemaById(int id);

    /** Latest version of the subject; {@link SchemaNotRegisteredException} when the subject is absent. */
    RegisteredSchema latest(String subject);

    CompatibilityLevel globalCompatibility();

    void setGlobalCompatibility(CompatibilityLevel level);

    /** The subject's own level, empty when it follows the global one. */
    Optional<CompatibilityLevel> subjectCompatibility(String subject);

    void setSubjectCompatibility(String subject, CompatibilityLevel level);

    List<String> subjects();

    /**
     * A caching client for the configured URLs: {@code mock://scope} gives the in-memory registry of that scope,
     * anything else the HTTP client.
     */
    static SchemaRegistryClient create(SchemaRegistryConfig config) {
        String first = config.urls().get(0);
        SchemaRegistryClient backend = first.startsWith(MockSchemaRegistry.URL_PREFIX)
                ? MockSchemaRegistry.forScope(first.substring(MockSchemaRegistry.URL_PREFIX.length()))
                : new HttpSchemaRegistryClient(config);
        return new CachingSchemaRegistryClient(backend, config.latestCacheTtl());
    }
}
