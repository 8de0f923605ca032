package dev.phishnet.bench;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The HTTP limit: a Spring Boot WebFlux app whose POST endpoints read the JSON bodies command-api reads (a profile
 * update, a refresh) into records and answer 200 with bodies shaped like command-api's ({@code {id, version}}, the
 * token answer), doing nothing else. Started as its own JVM with the services' options.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(NoopServer.NoopController.class)
public class NoopServer {

    static void run(int port, int accessTokenSize, int refreshTokenSize) {
        var app = new SpringApplication(NoopServer.class);
        app.setDefaultProperties(java.util.Map.of(
                "server.port", Integer.toString(port),
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off",
                "noop.access-token-size", Integer.toString(accessTokenSize),
                "noop.refresh-token-size", Integer.toString(refreshTokenSize)));
        app.run();
    }

    /** The fields of PATCH /api/v1/users/{id}/profile, so that the peer decodes what command-api decodes. */
    record Profile(String bio, String company, String location, String timezone, String language, String theme) {
    }

    /** Shaped like command-api's answer to an accepted command. */
    record Accepted(String id, long version) {
    }

    /** The body of POST /api/v1/auth/refresh. */
    record Refresh(String refreshToken) {
    }

    /** Shaped like command-api's token answer, with tokens as long as the stack's (measured by the bench first). */
    record SignedIn(String accessToken, String refreshToken, String tokenType, long expiresIn, String sessionId) {
    }

    @RestController
    static class NoopController {

        private final AtomicLong issued = new AtomicLong();
        private final String accessToken;
        private final int refreshTokenSize;

        NoopController(@Value("${noop.access-token-size}") int accessTokenSize,
                @Value("${noop.refresh-token-size}") int refreshTokenSize) {
            this.accessToken = "a".repeat(accessTokenSize);
            this.refreshTokenSize = refreshTokenSize;
        }

        @PostMapping("/noop")
        Mono<Accepted> noop(@RequestBody Profile profile) {
            return Mono.just(new Accepted("noop", profile.bio() == null ? 0 : profile.bio().length()));
        }

        /** A new refresh token each time, as the real one, so the client carries a changing token along its chain. */
        @PostMapping("/noop/refresh")
        Mono<ResponseEntity<SignedIn>> refresh(@RequestBody Refresh request) {
            String next = Long.toString(issued.incrementAndGet());
            String refreshToken = next + "r".repeat(Math.max(0, refreshTokenSize - next.length()));
            return Mono.just(ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore()).header("Pragma", "no-cache")
                    .body(new SignedIn(accessToken, refreshToken, "Bearer", 600, "noop-session")));
        }
    }
}
