package dev.phishnet.commandapi.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.core.publisher.Hooks;
import reactor.netty.http.server.HttpServer;

/**
 * Cuts off clients that stall mid-request (slowloris): Reactor Netty waits for ever for the rest of a request unless
 * told otherwise. {@code readTimeout} bounds the pause between two reads of one request's body, {@code requestTimeout}
 * the time to read it whole; a client that stalls in the request head meets {@code server.netty.idle-timeout}. A read
 * timeout is answered 408 problem+json ({@link UncaughtErrors}); on a request timeout Reactor Netty closes the
 * connection itself. Either way the request never reaches a command.
 */
public record SlowClients(Duration readTimeout, Duration requestTimeout) implements NettyServerCustomizer {

    private static final Logger log = LoggerFactory.getLogger(SlowClients.class);
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    public SlowClients {
        // Reactor Netty reports each timeout a second time, as an error dropped after the exchange ended. Reactor's
        // default hook logs every dropped error at ERROR with a stack trace: a slow client would flood the log.
        // Reactor's hooks are global and add up: installed once per JVM.
        if (HOOKED.compareAndSet(false, true)) {
            Hooks.onErrorDropped(error -> {
                if (UncaughtErrors.slowClient(error)) {
                    log.debug("Slow client cut off: {}", error.toString());
                } else {
                    log.error("Operator called default onErrorDropped", error);
                }
            });
        }
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.readTimeout(readTimeout).requestTimeout(requestTimeout);
    }
}
