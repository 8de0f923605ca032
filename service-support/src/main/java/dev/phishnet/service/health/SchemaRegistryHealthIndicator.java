package dev.phishnet.service.health;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * UP with the number of subjects when the registry lists them in time, DOWN with the HTTP status or the error
 * otherwise. A {@code mock://} registry lives in the process that uses it, so it is always UP.
 */
public class SchemaRegistryHealthIndicator implements ReactiveHealthIndicator {

    private final URI url;
    private final Duration timeout;
    private final WebClient client;

    public SchemaRegistryHealthIndicator(URI url, Duration timeout, WebClient client) {
        this.url = url;
        this.timeout = timeout;
        this.client = client;
    }

    @Override
    public Mono<Health> health() {
        if ("mock".equals(url.getScheme())) {
            return Mono.just(Health.up().withDetail("url", url).withDetail("mock", true).build());
        }
        // Appended, not resolved: the URL may carry a path (Apicurio's /apis/ccompat/v7).
        URI subjects = URI.create(url.toString().replaceAll("/+$", "") + "/subjects");
        return client.get().uri(subjects)
                .exchangeToMono(response -> response.statusCode().is2xxSuccessful()
                        ? response.bodyToMono(String[].class)
                                .map(names -> Health.up().withDetail("subjects", names.length))
                        : response.releaseBody()
                                .thenReturn(Health.down().withDetail("status", response.statusCode().value())))
                .timeout(timeout)
                .onErrorResume(error -> Mono.just(Health.down(error)))
                .map(health -> health.withDetail("url", url).build());
    }
}
