package dev.phishnet.commandapi.userapi;

import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Hashes passwords before any command carries them, off the event loop: on a scheduler of its own, bounded, so that
 * a burst of registrations queues there instead of stalling every other request. Neither the password nor its hash
 * is ever logged.
 */
public final class PasswordHasher {

    private final PasswordEncoder encoder;
    private final Scheduler scheduler;

    public PasswordHasher(PasswordEncoder encoder, Scheduler scheduler) {
        this.encoder = encoder;
        this.scheduler = scheduler;
    }

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(scheduler);
    }

    void close() {
        scheduler.dispose();
    }
}
