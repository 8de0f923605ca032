package dev.phishnet.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The HTTP limit: a Spring Boot WebFlux app whose one POST endpoint reads the same JSON body the profile update
 * carries into a record and answers 200 with a body shaped like command-api's {@code {id, version}}, doing nothing
 * else. Started as its own JVM with the services' options.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(NoopServer.NoopController.class)
public class NoopServer {

    static void run(int port) {
        var app = new SpringApplication(NoopServer.class);
        app.setDefaultProperties(java.util.Map.of(
                "server.port", Integer.toString(port),
                "server.address", "127.0.0.1",
                "spring.main.banner-mode", "off"));
        app.run();
    }

    /** The fields of PATCH /api/v1/users/{id}/profile, so that the peer decodes what command-api decodes. */
    record Profile(String bio, String company, String location, String timezone, String language, String theme) {
    }

    /** Shaped like command-api's answer to an accepted command. */
    record Accepted(String id, long version) {
    }

    @RestController
    static class NoopController {

        @PostMapping("/noop")
        Mono<Accepted> noop(@RequestBody Profile profile) {
            return Mono.just(new Accepted("noop", profile.bio() == null ? 0 : profile.bio().length()));
        }
    }
}
