package dev.phishnet.service.health;

import java.time.Duration;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * UP with the cluster id and node count when the cluster answers {@code describeCluster} in time, DOWN with the
 * error otherwise. Asynchronous end to end: the admin client's future completes on its own network thread, so no
 * event-loop thread ever waits for the broker.
 */
public class KafkaHealthIndicator implements ReactiveHealthIndicator {

    private final Admin admin;
    private final Duration timeout;

    public KafkaHealthIndicator(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        return Mono.defer(() -> {
            DescribeClusterResult cluster = admin.describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            return Mono.zip(Mono.fromCompletionStage(cluster.clusterId().toCompletionStage()),
                    Mono.fromCompletionStage(cluster.nodes().toCompletionStage()));
        })
                .map(cluster -> Health.up()
                        .withDetail("clusterId", cluster.getT1())
                        .withDetail("nodes", cluster.getT2().size())
                        .build())
                .timeout(timeout.plusSeconds(1))
                .onErrorResume(error -> Mono.just(Health.down(error).build()));
    }
}
