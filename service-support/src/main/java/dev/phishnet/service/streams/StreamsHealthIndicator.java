package dev.phishnet.service.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while the Streams application runs or rebalances; DOWN before it starts, and once it failed or stopped. */
public final class StreamsHealthIndicator implements HealthIndicator {

    private final StreamsApplication streams;

    public StreamsHealthIndicator(StreamsApplication streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        KafkaStreams.State state = streams.state();
        Health.Builder health = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? Health.up() : Health.down();
        return health.withDetail("state", state == null ? "NOT_STARTED" : state.name()).build();
    }
}
