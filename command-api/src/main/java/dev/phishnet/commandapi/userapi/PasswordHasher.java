package dev.phishnet.commandapi.userapi;

import java.util.UUID;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Hashes passwords before any command carries them, off the event loop: on a scheduler of its own, bounded, so that
 * a burst of registrations queues there instead of stalling every other request. Neither the password nor its hash
 * is ever logged. Legacy bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}, kept by the legacy import) are
 * verified with bcrypt; {@link #isLegacy} tells the sign-in to replace them by a current hash.
 */
public final class PasswordHasher {

    private static final PasswordEncoder BCRYPT = new BCryptPasswordEncoder();

    private final PasswordEncoder encoder;
    private final Scheduler scheduler;
    private volatile String decoy;

    public PasswordHasher(PasswordEncoder encoder, Scheduler scheduler) {
        this.encoder = encoder;
        this.scheduler = scheduler;
    }

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> encoder.encode(password)).subscribeOn(scheduler);
    }

    /**
     * Whether the password matches the hash, on the hashing scheduler. A null hash (no such account) is checked
     * against a hash of the same cost, so that an unknown address takes as long as a wrong password.
     */
    public Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(() -> isLegacy(hash) ? BCRYPT.matches(password, hash)
                : encoder.matches(password, hash != null ? hash : decoy()))
                .subscribeOn(scheduler);
    }

    /** Whether the hash is a legacy bcrypt hash, to be upgraded after the next successful sign-in. */
    public static boolean isLegacy(String hash) {
        return hash != null && (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$"));
    }

    private String decoy() {
        String current = decoy;
        if (current == null) {
            current = encoder.encode(UUID.randomUUID().toString());
            decoy = current;
        }
        return current;
    }

    void close() {
        scheduler.dispose();
    }
}
