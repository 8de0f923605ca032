package dev.phishnet.commandapi.processor;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while the processor decides commands (or is rebalancing partitions to do so), DOWN otherwise, with its state. */
public class CommandProcessorHealthIndicator implements HealthIndicator {

    private final CommandProcessor processor;

    public CommandProcessorHealthIndicator(CommandProcessor processor) {
        this.processor = processor;
    }

    @Override
    public Health health() {
        KafkaStreams.State state = processor.state();
        boolean deciding = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        return (deciding ? Health.up() : Health.down()).withDetail("state", state.name()).build();
    }
}
