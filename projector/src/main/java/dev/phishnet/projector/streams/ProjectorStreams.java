package dev.phishnet.projector.streams;

import java.time.Duration;
import java.util.Properties;

import com.mongodb.MongoException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the projector's topology for as long as the application runs. A stream thread that dies of a MongoDB error
 * is replaced: its task resumes from the last commit and the idempotent writes make the replay harmless. Any other
 * error (an undecodable record, a bug) stops the application, and health says so, rather than loop on it.
 */
public final class ProjectorStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectorStreams.class);

    private final Topology topology;
    private final Properties config;
    private final Duration closeTimeout;
    private final Runnable beforeStart;
    private volatile @Nullable KafkaStreams streams;

    public ProjectorStreams(Topology topology, Properties config, Duration closeTimeout,
            Runnable beforeStart) {
        this.topology = topology;
        this.config = config;
        this.closeTimeout = closeTimeout;
        this.beforeStart = beforeStart;
    }

    @Override
    public void start() {
        beforeStart.run();
        KafkaStreams started = new KafkaStreams(topology, config);
        started.setUncaughtExceptionHandler(error -> {
            if (causedByMongo(error)) {
                log.warn("A projection could not write to MongoDB; replacing the stream thread", error);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            log.error("The projector stopped on an error it cannot retry", error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        started.start();
        streams = started;
    }

    @Override
    public void stop() {
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

    private static boolean causedByMongo(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoException) {
                return true;
            }
        }
        return false;
    }
}
