package dev.phishnet.commandapi.userapi;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The users API's collaborators that are not Spring components of their own. */
@Configuration(proxyBeanMethods = false)
public class UserApiConfiguration {

    /**
     * Argon2id (salt 16 B, hash 32 B, parallelism 1, memory 16 MiB, 1 iteration): p50 about 19 ms per hash on the
     * 2-core reference machine when quiet (one thread, 30 runs after warm-up; 41 ms while other builds ran), up from
     * 2 iterations (43 ms) so that a core verifies 30 or more logins a second; the issue sets the floor of the cost at
     * 15 ms. Memory-hard, and without bcrypt's 72-byte limit (we accept passwords of up to 1,024 characters). A
     * hash carries its own parameters, so changing them here leaves existing hashes verifiable.
     */
    @Bean(destroyMethod = "close")
    PasswordHasher passwordHasher() {
        Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 1 << 14, 1);
        int cores = Runtime.getRuntime().availableProcessors();
        // CPU-bound work: more threads than cores only adds queueing inside the OS instead of here.
        Scheduler hashing = Schedulers.newBoundedElastic(cores, 10_000, "password-hash", 60, true);
        return new PasswordHasher(encoder, hashing);
    }
}
