package dev.phishnet.commandapi.processor;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the command processor's topology with Spring's lifecycle: started once the context is up (topics ensured),
 * stopped first on shutdown, leaving the consumer group so that another instance takes its partitions at once
 * rather than after the session timeout.
 */
public class CommandProcessor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final Topology topology;
    private final Properties config;
    private volatile KafkaStreams streams;

    public CommandProcessor(Topology topology, Properties config) {
        this.topology = topology;
        this.config = config;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        KafkaStreams created = new KafkaStreams(topology, config);
        // A failure that escapes the processor repeats on the same record: replacing the thread would loop on it.
        // The client stops, health says DOWN, and the record stays uncommitted for the next start.
        created.setUncaughtExceptionHandler(e -> {
            log.error("Command processor stopped by an unexpected failure", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        created.start();
        streams = created;
    }

    @Override
    public synchronized void stop() {
        if (streams == null) {
            return;
        }
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        streams = null;
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The Streams client's state; {@code NOT_RUNNING} when not started. */
    public KafkaStreams.State state() {
        KafkaStreams current = streams;
        return current == null ? KafkaStreams.State.NOT_RUNNING : current.state();
    }
}
