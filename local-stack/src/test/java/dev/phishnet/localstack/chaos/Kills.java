package dev.phishnet.localstack.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills each service {@code rounds} times at random moments, all services independently (two may be down at once):
 * a random pause, SIGKILL, an immediate restart (as a supervisor would), then, once the service is ready again, the
 * next random pause. A kill lands wherever the service is in its work: in a transaction, a flush to MongoDB, a
 * punctuation, a rebalance that another service's kill started.
 */
final class Kills {

    private static final Logger log = LoggerFactory.getLogger(Kills.class);

    private final ScheduledExecutorService scheduler;
    private final Random random;
    private final Duration minPause;
    private final Duration maxPause;

    Kills(long seed, Duration minPause, Duration maxPause) {
        this.scheduler = Executors.newScheduledThreadPool(3);
        this.random = new Random(seed);
        this.minPause = minPause;
        this.maxPause = maxPause;
    }

    /**
     * @param awaitUp blocks until the restarted service is ready (it fails the round if it never is)
     * @return completes when every service was killed and restarted {@code rounds} times
     */
    CompletableFuture<Void> run(List<ServiceProcess> services, int rounds, Consumer<ServiceProcess> awaitUp) {
        return CompletableFuture.allOf(services.stream()
                .map(service -> round(service, rounds, awaitUp)).toArray(CompletableFuture[]::new))
                .whenComplete((done, failure) -> scheduler.shutdown());
    }

    private CompletableFuture<Void> round(ServiceProcess service, int left, Consumer<ServiceProcess> awaitUp) {
        if (left == 0) {
            return CompletableFuture.completedFuture(null);
        }
        var done = new CompletableFuture<Void>();
        scheduler.schedule(() -> {
            try {
                service.kill9();
                log.info("Killed {} with SIGKILL ({} of its kills); restarting it", service.name(), service.kills());
                service.start();
                awaitUp.accept(service);
                done.complete(null);
            } catch (Throwable failure) {
                done.completeExceptionally(failure);
            }
        }, pause(), TimeUnit.MILLISECONDS);
        return done.thenCompose(ignored -> round(service, left - 1, awaitUp));
    }

    private synchronized long pause() {
        return minPause.toMillis() + (long) (random.nextDouble() * (maxPause.toMillis() - minPause.toMillis()));
    }
}
