package dev.phishnet.commandapi.gateway;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import dev.phishnet.commandapi.follow.TopicFollower;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes with an idempotent producer and waits for the reply on a {@link TopicFollower} of the replies. The waiter is registered
 * before the send, the send must be acknowledged before the wait counts as begun, and the whole exchange is bounded
 * by the reply timeout: past it the outcome is unknown, never guessed.
 */
final class KafkaCommandGateway implements CommandGateway {

    private final KafkaTemplate<String, CommandEnvelope> commands;
    private final String topic;
    private final PendingReplies pending;
    private final TopicFollower<CommandOutcome> replies;
    private final Duration replyTimeout;
    private final Scheduler publishing;

    /**
     * @param publishing where {@code send} is called: a producer blocks its caller while it fetches metadata or its
     *     buffer is full, which must not happen on an event-loop thread
     */
    KafkaCommandGateway(KafkaTemplate<String, CommandEnvelope> commands, String topic, PendingReplies pending,
            TopicFollower<CommandOutcome> replies, Duration replyTimeout, Scheduler publishing) {
        this.commands = commands;
        this.topic = topic;
        this.pending = pending;
        this.replies = replies;
        this.replyTimeout = replyTimeout;
        this.publishing = publishing;
    }

    @Override
    public Mono<CommandOutcome> send(String routingKey, CommandEnvelope command) {
        String correlationId = command.getCorrelationId();
        return Mono.defer(() -> {
                    if (!replies.assigned()) {
                        return Mono.error(new CommandOutcomeUnknownException(
                                "not following command replies yet (is Kafka up?)", null));
                    }
                    CompletableFuture<CommandOutcome> reply = pending.expect(correlationId);
                    Mono<SendResult<String, CommandEnvelope>> sent = Mono.fromFuture(
                            () -> commands.send(topic, routingKey, command)).subscribeOn(publishing);
                    // The reply completes on the one thread that follows command-replies: hand what comes after it
                    // (signing tokens, writing the answer) to the CPU workers, or every answer of this instance
                    // queues behind that thread.
                    return sent.then(Mono.fromFuture(reply).publishOn(Schedulers.parallel()));
                })
                .timeout(replyTimeout)
                .onErrorMap(failure -> !(failure instanceof CommandOutcomeUnknownException),
                        failure -> new CommandOutcomeUnknownException(failure instanceof TimeoutException
                                ? "no outcome within " + replyTimeout : "command not published: " + failure,
                                failure))
                .doFinally(signal -> pending.forget(correlationId));
    }

    /** Closes the producer, flushing what it still buffers. */
    void close() {
        commands.getProducerFactory().reset();
    }
}
