package dev.phishnet.commandapi.authapi;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.client.ClientFactsReader;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.RequestActor;
import dev.phishnet.schemas.session.Client;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/auth/*} without a token: login with a password or a one-time code, code requests, refresh. Token
 * responses are never cached.
 */
@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

    private final SignIns signIns;
    private final ClientFactsReader clients;
    private final boolean codesConfigured;
    private final CommandApiProperties settings;

    AuthController(SignIns signIns, ClientFactsReader clients, AuthApiConfiguration.CodeDelivery delivery,
            CommandApiProperties settings) {
        this.signIns = signIns;
        this.clients = clients;
        this.codesConfigured = delivery.configured();
        this.settings = settings;
    }

    @PostMapping("/login")
    Mono<ResponseEntity<SignedIn>> login(@RequestBody AuthRequests.Login request, ServerHttpRequest http) {
        request.validate();
        return client(http).flatMap(client -> signIns.withPassword(request.email(), request.password(), client,
                RequestActor.of(null, http))).map(AuthController::tokens);
    }

    @ApiResponse(responseCode = "202",
            description = "A code is sent if the address belongs to an active user (the answer is the same either way)")
    @PostMapping("/otp")
    Mono<ResponseEntity<Void>> requestCode(@RequestBody AuthRequests.OneTimeCodeRequest request,
            ServerHttpRequest http) {
        request.validate();
        refuseWithoutSender();
        // The 202 waits for the one check that is the same for every address (the broker answers, the credentials
        // view is current): while the broker is away the answer is 503 for everybody, not a 202 for a code that
        // cannot be issued.
        return client(http).flatMap(client -> signIns.readyForCodes().thenReturn(client)).map(client -> {
            signIns.requestCode(request.email(), client, RequestActor.of(null, http));
            return ResponseEntity.accepted().<Void>build();
        });
    }

    @PostMapping("/otp/verify")
    Mono<ResponseEntity<SignedIn>> loginWithCode(@RequestBody AuthRequests.OneTimeCodeLogin request,
            ServerHttpRequest http) {
        request.validate();
        refuseWithoutSender();
        return client(http).flatMap(client -> signIns.withCode(request.email(), request.code(), client,
                RequestActor.of(null, http))).map(AuthController::tokens);
    }

    @PostMapping("/refresh")
    Mono<ResponseEntity<SignedIn>> refresh(@RequestBody AuthRequests.Refresh request, ServerHttpRequest http) {
        request.validate();
        return client(http).flatMap(client -> signIns.refresh(request.refreshToken(), client,
                RequestActor.of(null, http))).map(AuthController::tokens);
    }

    private Mono<Client> client(ServerHttpRequest http) {
        return clients.read(http).map(Clients::of);
    }

    private void refuseWithoutSender() {
        if (!codesConfigured) {
            // Not a 503: nothing will come back by retrying; the deployment does not offer the feature.
            throw ApiProblem.notFound("one-time codes are not enabled on this deployment "
                    + "(platform.sessions.one-time-codes.sender)");
        }
    }

    private static ResponseEntity<SignedIn> tokens(SignedIn signedIn) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(signedIn);
    }
}
