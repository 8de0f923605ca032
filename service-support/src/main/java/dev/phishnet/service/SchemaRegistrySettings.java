package dev.phishnet.service;

import java.net.URI;

/**
 * @param url base URL of the registry's Confluent-compatible API; it may carry a path (Apicurio serves it under
 *     {@code /apis/ccompat/v7}); a {@code mock://} URL means an in-process registry, for tests
 */
public record SchemaRegistrySettings(URI url) {
}
