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
     * Argon2id (salt 16 B, hash 32 B, parallelism 1, memory 16 MiB, 2 iterations): p50 43 ms per hash measured on
     * the 2-core reference machine (one thread, 30 runs after warm-up); memory-hard, and without bcrypt's 72-byte
     * limit (we accept passwords of up to 1,024 characters). Login benchmarks assume a cost of at least 15 ms.
     */
    @Bean(destroyMethod = "close")
    PasswordHasher passwordHasher() {
        Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 1 << 14, 2);
        int cores = Runtime.getRuntime().availableProcessors();
        // CPU-bound work: more threads than cores only adds queueing inside the OS instead of here.
        Scheduler hashing = Schedulers.newBoundedElastic(cores, 10_000, "password-hash", 60, true);
        return new PasswordHasher(encoder, hashing);
    }
}
