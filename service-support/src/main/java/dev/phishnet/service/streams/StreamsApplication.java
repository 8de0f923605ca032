package dev.phishnet.service.streams;

import java.time.Duration;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a service's topology for as long as the service runs. A stream thread that dies of an error the service can
 * retry (an outside system away for a moment) is replaced: its task resumes from the last commit. Any other error (an
 * undecodable record, a bug) stops the application, and health says so, rather than loop on it.
 */
public final class StreamsApplication implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamsApplication.class);

    private final String name;
    private final Topology topology;
    private final Properties config;
    private final Duration closeTimeout;
    private final Runnable beforeStart;
    private final Predicate<Throwable> retryable;
    private volatile @Nullable KafkaStreams streams;

    /**
     * @param name what the logs call it
     * @param beforeStart run once before the client starts (e.g. creating indexes)
     * @param retryable which uncaught errors replace the stream thread instead of stopping the application
     */
    public StreamsApplication(String name, Topology topology, Properties config, Duration closeTimeout,
            Runnable beforeStart, Predicate<Throwable> retryable) {
        this.name = name;
        this.topology = topology;
        this.config = config;
        this.closeTimeout = closeTimeout;
        this.beforeStart = beforeStart;
        this.retryable = retryable;
    }

    @Override
    public synchronized void start() {
        if (streams != null) {
            return;
        }
        beforeStart.run();
        KafkaStreams started = new KafkaStreams(topology, config);
        started.setUncaughtExceptionHandler(error -> {
            if (retryable.test(error)) {
                log.warn("The {} hit an error it retries; replacing the stream thread", name, error);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            log.error("The {} stopped on an error it cannot retry", name, error);
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

    /** Whether the error or one of its causes is of the type. */
    public static boolean causedBy(@Nullable Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
