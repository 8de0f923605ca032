package dev.phishnet.commandapi.token;

import java.time.Duration;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys our tokens verify with (RFC 7517), for anyone who checks them outside the API. No token needed;
 * cacheable, and so a new key is published (second in {@code platform.tokens.signing-keys}) at least {@link #MAX_AGE}
 * before it starts signing.
 */
@RestController
class JwksController {

    static final String PATH = "/.well-known/jwks.json";

    static final Duration MAX_AGE = Duration.ofMinutes(5);

    static final String JWK_SET_JSON = "application/jwk-set+json";

    /** Rendered once: the keys are read at start-up and never change while the service runs. */
    private final String jwks;

    JwksController(SigningKeys keys) {
        // includePrivate=false as a second guard: publicKeys() holds no private part to begin with.
        this.jwks = keys.publicKeys().toString(false);
    }

    @ApiResponse(responseCode = "200", description = "The JWK Set (RFC 7517) of the public keys that verify the API's "
            + "tokens", content = @Content(schemaProperties = @SchemaProperty(name = "keys",
                    array = @ArraySchema(schema = @Schema(type = "object", description = "A public JWK")))))
    @GetMapping(path = PATH, produces = {JWK_SET_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<String> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(MAX_AGE).cachePublic())
                .body(jwks);
    }
}
