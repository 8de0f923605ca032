package dev.phishnet.service;

import java.time.Duration;

import dev.phishnet.service.health.KafkaHealthIndicator;
import dev.phishnet.service.health.MongoHealthIndicator;
import dev.phishnet.service.health.SchemaRegistryHealthIndicator;
import dev.phishnet.service.topics.ServiceReadyLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.ReactiveMongoDatabaseFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What every service sets up the same way, imported by each application class: its topics, created at start-up by
 * KafkaAdmin (which leaves existing ones alone, so services may declare the same topic), one shared admin client,
 * the health indicators of its dependencies (each bean's name, less its suffix, names the health component) and the
 * line that says it is ready.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceFoundation {

    /** Long enough for a healthy dependency on a busy laptop, short enough that a dead one answers fast. */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    /**
     * One admin client, configured like KafkaAdmin (bootstrap servers, security), for the checks that run often or
     * late (health, the start-up report), so that none of them opens a connection of its own.
     */
    @Bean(destroyMethod = "close")
    Admin kafkaAdminClient(KafkaAdmin kafkaAdmin) {
        return Admin.create(kafkaAdmin.getConfigurationProperties());
    }

    @Bean
    KafkaAdmin.NewTopics platformTopics(ServiceSettings settings) {
        return new KafkaAdmin.NewTopics(settings.topics().newTopics().toArray(NewTopic[]::new));
    }

    @Bean
    ServiceReadyLog serviceReadyLog(ServiceSettings settings, Admin admin, Environment environment) {
        return new ServiceReadyLog(environment.getProperty("spring.application.name", "service"),
                settings.topics().newTopics(), admin);
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(Admin admin) {
        return new KafkaHealthIndicator(admin, HEALTH_TIMEOUT);
    }

    @Bean
    SchemaRegistryHealthIndicator schemaRegistryHealthIndicator(ServiceSettings settings) {
        return new SchemaRegistryHealthIndicator(settings.schemaRegistry().url(), HEALTH_TIMEOUT, WebClient.create());
    }

    /** Only services that keep read models have MongoDB on their classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReactiveMongoDatabaseFactory.class)
    static class MongoHealth {

        /** Named so that it replaces Boot's own Mongo indicator. */
        @Bean
        MongoHealthIndicator mongoHealthIndicator(ReactiveMongoDatabaseFactory mongo) {
            return new MongoHealthIndicator(mongo, HEALTH_TIMEOUT);
        }
    }
}
