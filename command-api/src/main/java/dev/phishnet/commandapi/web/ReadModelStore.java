package dev.phishnet.commandapi.web;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The read models' store may be down while Kafka, the system of record, is not: commands keep being accepted, and a
 * query answers 503 {@code application/problem+json} with {@code Retry-After} within
 * {@link ReadModelStoreSettings#timeout()} instead of a 500 after the driver's 30 s. The driver reconnects by itself
 * once the store is back; nothing needs a restart.
 */
final class ReadModelStore {

    private ReadModelStore() {
    }

    /** Bounds the driver's waits for a reachable server. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ReadModelStoreSettings.class)
    static class Timeouts {

        @Bean
        MongoClientSettingsBuilderCustomizer readModelStoreTimeouts(ReadModelStoreSettings settings) {
            return timeouts(settings);
        }

        /** The same bounds for a client built by hand (tests). */
        static MongoClientSettingsBuilderCustomizer timeouts(ReadModelStoreSettings settings) {
            long millis = settings.timeout().toMillis();
            return builder -> builder
                    .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
                    .applyToSocketSettings(socket -> socket.connectTimeout((int) millis, TimeUnit.MILLISECONDS));
        }
    }

    /** A store that cannot be reached is a 503 the client may retry, never a 500. */
    @RestControllerAdvice
    static class Unavailable {

        private static final Logger log = LoggerFactory.getLogger(Unavailable.class);

        private final ReadModelStoreSettings settings;

        Unavailable(ReadModelStoreSettings settings) {
            this.settings = settings;
        }

        @ExceptionHandler({MongoTimeoutException.class, MongoSocketException.class,
                DataAccessResourceFailureException.class})
        ResponseEntity<ProblemDetail> unavailable(RuntimeException failure) {
            log.warn("A request could not reach the read models' store: {}", failure.toString());
            ApiProblem problem = ApiProblem.unavailable("the read models' store is not reachable; retry later",
                    settings.retryAfter());
            return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                    .body(problem.getBody());
        }
    }
}
