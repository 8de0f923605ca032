package dev.phishnet.commandapi.userapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import reactor.core.scheduler.Schedulers;

class PasswordHasherTest {

    final PasswordHasher hasher = new PasswordHasher(new Argon2PasswordEncoder(16, 32, 1, 1 << 12, 1),
            Schedulers.immediate());

    @Test
    void aLegacyBcryptHashOfAnyMinorVersionIsVerifiedWithBcrypt() {
        String hash = new BCryptPasswordEncoder(4).encode("s3cret");
        for (String prefix : new String[] {"$2a$", "$2b$", "$2y$"}) {
            String legacy = prefix + hash.substring(4);
            assertThat(PasswordHasher.isLegacy(legacy)).isTrue();
            assertThat(hasher.matches("s3cret", legacy).block()).isTrue();
            assertThat(hasher.matches("wrong", legacy).block()).isFalse();
        }
    }

    @Test
    void aCurrentHashIsNotLegacyAndStillVerifies() {
        String current = hasher.hash("s3cret").block();
        assertThat(PasswordHasher.isLegacy(current)).isFalse();
        assertThat(hasher.matches("s3cret", current).block()).isTrue();
        assertThat(PasswordHasher.isLegacy(null)).isFalse();
    }
}
