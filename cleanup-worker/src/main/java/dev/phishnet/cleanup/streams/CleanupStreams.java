package dev.phishnet.cleanup.streams;

import java.time.Duration;
import java.util.Properties;

import dev.phishnet.schemas.registry.SchemaRegistryUnreachableException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the worker's topology for as long as the application runs. A stream thread that dies because the schema
 * registry is unreachable is replaced: its task resumes from the last commit (exactly-once aborted the rest). Any
 * other error stops the application, and health says so, rather than loop on it.
 */
public final class CleanupStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CleanupStreams.class);

    private final Topology topology;
    private final Properties config;
    private final Duration closeTimeout;
    private volatile @Nullable KafkaStreams streams;

    public CleanupStreams(Topology topology, Properties config, Duration closeTimeout) {
        this.topology = topology;
        this.config = config;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        KafkaStreams started = new KafkaStreams(topology, config);
        started.setUncaughtExceptionHandler(error -> {
            if (causedBy(error, SchemaRegistryUnreachableException.class)) {
                log.warn("The schema registry is unreachable; replacing the stream thread", error);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            log.error("The cleanup worker stopped on an error it cannot retry", error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        started.start();
        streams = started;
    }

    @Override
    public synchronized void stop() {
        KafkaStreams running = streams;
        if (running != null) {
            // Leaving the group hands the partitions over at once instead of after the session timeout.
            running.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(closeTimeout));
            streams = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The state of the Streams client, or null before it starts. */
    public KafkaStreams.@Nullable State state() {
        KafkaStreams running = streams;
        return running != null ? running.state() : null;
    }

    static boolean causedBy(@Nullable Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
