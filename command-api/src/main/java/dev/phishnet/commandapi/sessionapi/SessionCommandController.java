package dev.phishnet.commandapi.sessionapi;

import java.time.Clock;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.contract.CommandEndpoint;
import dev.phishnet.commandapi.gateway.CommandEnvelopes;
import dev.phishnet.commandapi.gateway.CommandGateway;
import dev.phishnet.commandapi.gateway.CommandOutcomeUnknownException;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.userapi.UserAccess;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.CommandResponses;
import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.RequestActor;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.session.ChangeSecuritySettings;
import dev.phishnet.schemas.session.LogOut;
import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.RevokeAllSessions;
import dev.phishnet.schemas.session.RevokeSession;
import dev.phishnet.schemas.session.SecuritySettings;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Ending sessions and changing a user's security settings: the user themselves or an admin of the tenant. Each answers
 * with the outcome and a consistency token for the sessions read model; the session's end reaches every instance's
 * token check within a fraction of a second, long before the read model matters.
 */
@RestController
@RequestMapping("/api/v1")
class SessionCommandController {

    private static final Clock CLOCK = Clock.systemUTC();

    private final CommandGateway gateway;
    private final UserAccess access;
    private final SessionReadModel sessions;
    private final CommandApiProperties settings;

    SessionCommandController(CommandGateway gateway, UserAccess access, SessionReadModel sessions,
            CommandApiProperties settings) {
        this.gateway = gateway;
        this.access = access;
        this.sessions = sessions;
        this.settings = settings;
    }

    /** Ends the session the caller's token belongs to. */
    @CommandEndpoint
    @ApiResponse(responseCode = "200", description = "The caller's session ended; the id is the user's",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @PostMapping("/auth/logout")
    Mono<ResponseEntity<Object>> logout(@AuthenticationPrincipal Caller caller, ServerHttpRequest http) {
        Caller who = UserAccess.authenticated(caller);
        if (who.sessionId() == null) {
            throw ApiProblem.invalid("Authorization", "the token names no session of this API (sid): nothing to end");
        }
        return decide(who, who.userId(), http, new LogOut(who.sessionId()));
    }

    @CommandEndpoint
    @ApiResponse(responseCode = "200", description = "The session was revoked; the id is its user's",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @DeleteMapping("/sessions/{id}")
    Mono<ResponseEntity<Object>> revoke(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            ServerHttpRequest http) {
        Caller who = UserAccess.authenticated(caller);
        // The caller's own current session needs no lookup (and may not be projected yet).
        Mono<String> owner = id.equals(who.sessionId()) ? Mono.just(who.userId())
                : sessions.find(who.tenantId(), id)
                        .filter(session -> who.isAdmin() || session.userId().equals(who.userId()))
                        .map(SessionView::userId)
                        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such session")));
        return owner.flatMap(userId -> decide(who, userId, http, new RevokeSession(id)));
    }

    @CommandEndpoint
    @ApiResponse(responseCode = "200", description = "Every session of the user was revoked",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @PostMapping("/users/{id}/sessions/revoke-all")
    Mono<ResponseEntity<Object>> revokeAll(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            ServerHttpRequest http) {
        String userId = UserAccess.userId(id);
        return access.selfOrAdmin(caller, userId)
                .then(Mono.defer(() -> decide(caller, userId, http,
                        new RevokeAllSessions(RevocationReason.ALL_REVOKED))));
    }

    @CommandEndpoint
    @ApiResponse(responseCode = "200", description = "The user's session security settings were changed",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @PatchMapping("/users/{id}/security")
    Mono<ResponseEntity<Object>> changeSecurity(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody SessionRequests.ChangeSecurity request, ServerHttpRequest http) {
        request.validate();
        String userId = UserAccess.userId(id);
        SecuritySettings changes = new SecuritySettings(request.maxSessions(), request.idleTimeoutMinutes(),
                request.absoluteTimeoutHours(), request.ipAllowList(), request.alertOnNewDevice());
        return access.selfOrAdmin(caller, userId)
                .then(Mono.defer(() -> decide(caller, userId, http, new ChangeSecuritySettings(changes))));
    }

    private Mono<ResponseEntity<Object>> decide(Caller caller, String userId, ServerHttpRequest http,
            Object payload) {
        CommandEnvelope command = CommandEnvelopes.of(caller.tenantId(), userId, RequestActor.of(caller, http), null,
                payload, CLOCK);
        return gateway.send(RoutingKeys.user(UserId.of(userId)), command)
                .onErrorMap(CommandOutcomeUnknownException.class, unknown -> ApiProblem.unavailable(
                        "the outcome of the command is not known yet; retry later",
                        settings.commands().retryAfter()))
                .map(outcome -> CommandResponses.ok(outcome, ConsistencyToken.SESSIONS));
    }
}
