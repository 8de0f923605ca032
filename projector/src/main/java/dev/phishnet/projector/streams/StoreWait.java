package dev.phishnet.projector.streams;

import java.util.concurrent.TimeUnit;

import dev.phishnet.projector.ProjectorProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projector's MongoDB calls wait for an unreachable store for {@code platform.projector.store-wait} (the driver's
 * server selection) instead of failing after the driver's 30 s. A failed call replaces its stream thread, and the
 * replaced thread's group membership holds its partitions for the session timeout (45 s) before the new thread gets
 * them: an outage of half a minute would cost more than a minute of projection after the store is back. A thread that
 * waits instead carries on from where it stopped as soon as the store answers (its commit, and so its offsets, wait
 * with it: nothing is committed past an unwritten document).
 */
@Configuration(proxyBeanMethods = false)
class StoreWait {

    @Bean
    MongoClientSettingsBuilderCustomizer serverSelectionWaitsForTheStore(ProjectorProperties properties) {
        long millis = properties.projector().storeWait().toMillis();
        return settings -> settings.applyToClusterSettings(
                cluster -> cluster.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS));
    }
}
