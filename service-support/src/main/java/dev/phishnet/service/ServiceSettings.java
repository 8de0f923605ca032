package dev.phishnet.service;

import dev.phishnet.service.topics.TopicSet;

/**
 * What {@link ServiceFoundation} needs from a service's own {@code platform.*} properties record, which implements
 * this so that each service keeps one typed record of its settings.
 */
public interface ServiceSettings {

    /** Where the Avro schemas of the service's messages are registered. */
    SchemaRegistrySettings schemaRegistry();

    /** The topics the service reads or writes, ensured at start-up. */
    TopicSet topics();
}
