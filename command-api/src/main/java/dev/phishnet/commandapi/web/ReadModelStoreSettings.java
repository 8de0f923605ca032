package dev.phishnet.commandapi.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the queries meet an unreachable read-model store (MongoDB).
 *
 * @param timeout how long a query waits for a reachable server (the driver's server selection and connect timeouts)
 *     before it answers 503; the driver's own default is 30 s, longer than any client waits
 * @param retryAfter the {@code Retry-After} those 503 answers carry
 */
@ConfigurationProperties("platform.read-models")
public record ReadModelStoreSettings(@DefaultValue("3s") Duration timeout, @DefaultValue("5s") Duration retryAfter) {
}
