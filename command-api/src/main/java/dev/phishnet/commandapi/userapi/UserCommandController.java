package dev.phishnet.commandapi.userapi;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.contract.CommandEndpoint;
import dev.phishnet.commandapi.gateway.CommandEnvelopes;
import dev.phishnet.commandapi.gateway.CommandGateway;
import dev.phishnet.commandapi.gateway.CommandOutcomeUnknownException;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.CommandResponses;
import dev.phishnet.commandapi.web.Idempotency;
import dev.phishnet.commandapi.web.RequestActor;
import dev.phishnet.commandapi.web.RequestFingerprints;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.user.AssignRoles;
import dev.phishnet.schemas.user.ChangePassword;
import dev.phishnet.schemas.user.DeactivateUser;
import dev.phishnet.schemas.user.ReactivateUser;
import dev.phishnet.schemas.user.RegisterUser;
import dev.phishnet.schemas.user.Role;
import dev.phishnet.schemas.user.UpdateUserProfile;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Commands on users: each request is checked, authorized, turned into one command, published, and answered with its
 * outcome (201/200 with {@code X-Consistency-Token}, or the rejection as a problem). An outcome that does not arrive
 * in time is a 503 with {@code Retry-After}, never a guess. A request with an {@code Idempotency-Key} is published
 * under that key (scoped by tenant and caller) with its fingerprint, and the command processor answers a repeat with
 * the first outcome.
 */
@RestController
@RequestMapping("/api/v1/users")
class UserCommandController {

    private static final Clock CLOCK = Clock.systemUTC();

    private final CommandGateway gateway;
    private final PasswordHasher hasher;
    private final UserAccess access;
    private final CommandApiProperties properties;
    private final RequestFingerprints fingerprints;

    UserCommandController(CommandGateway gateway, PasswordHasher hasher, UserAccess access,
            CommandApiProperties properties, RequestFingerprints fingerprints) {
        this.gateway = gateway;
        this.hasher = hasher;
        this.access = access;
        this.properties = properties;
        this.fingerprints = fingerprints;
    }

    /**
     * An admin creates a user in their own tenant, with any role; without a token (open registration only) anyone
     * creates a plain user in the default tenant.
     */
    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "201",
            description = "The user was registered (a repeated Idempotency-Key: the first one's user)",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @PostMapping
    Mono<ResponseEntity<Object>> register(@AuthenticationPrincipal Caller caller,
            @RequestBody UserRequests.RegisterUser request, ServerHttpRequest http) {
        Idempotency idempotency = fingerprints.read(http, request);
        request.validate();
        String tenant = registrationTenant(caller, request);
        String userId = UUID.randomUUID().toString();
        Email email = Email.of(request.email());
        List<Role> roles = request.role() != null ? List.of(UserRequests.role(request.role())) : List.of(Role.USER);
        return hasher.hash(request.password())
                .map(hash -> new RegisterUser(email.value(), hash, request.fullName().strip(), request.mobile(), roles))
                .flatMap(payload -> send(RoutingKeys.email(email),
                        envelope(tenant, userId, caller, http, idempotency, payload)))
                // A repeat of an idempotent registration is answered with the first one's user, not this userId.
                .map(outcome -> CommandResponses.created(outcome,
                        URI.create("/api/v1/users/" + outcome.getAggregateId())));
    }

    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "200", description = "The profile was updated",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @PatchMapping("/{id}/profile")
    Mono<ResponseEntity<Object>> updateProfile(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody UserRequests.UpdateProfile request, ServerHttpRequest http) {
        Idempotency idempotency = fingerprints.read(http, request);
        request.validate();
        String userId = UserAccess.userId(id);
        UpdateUserProfile payload = new UpdateUserProfile(request.bio(), request.company(), request.location(),
                request.timezone(), request.language(), request.theme());
        return access.selfOrAdmin(caller, userId).then(decide(caller, userId, http, idempotency, payload));
    }

    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "200", description = "The password was changed",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @PostMapping("/{id}/password")
    Mono<ResponseEntity<Object>> changePassword(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody UserRequests.ChangePassword request, ServerHttpRequest http) {
        Idempotency idempotency = fingerprints.read(http, request);
        request.validate();
        String userId = UserAccess.userId(id);
        return access.selfOrAdmin(caller, userId)
                .then(hasher.hash(request.password()))
                .flatMap(hash -> decide(caller, userId, http, idempotency, new ChangePassword(hash)));
    }

    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "200", description = "The user was deactivated; their sessions end",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @PostMapping("/{id}/deactivate")
    Mono<ResponseEntity<Object>> deactivate(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody(required = false) UserRequests.DeactivateUser request, ServerHttpRequest http) {
        // No body and an empty reason are one request.
        UserRequests.DeactivateUser body = request != null ? request : new UserRequests.DeactivateUser(null);
        Idempotency idempotency = fingerprints.read(http, body);
        body.validate();
        String userId = UserAccess.userId(id);
        return access.admin(caller, userId)
                .then(decide(caller, userId, http, idempotency, new DeactivateUser(body.reason())));
    }

    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "200", description = "The user was reactivated",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @PostMapping("/{id}/reactivate")
    Mono<ResponseEntity<Object>> reactivate(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            ServerHttpRequest http) {
        Idempotency idempotency = fingerprints.read(http, null);
        String userId = UserAccess.userId(id);
        return access.admin(caller, userId).then(decide(caller, userId, http, idempotency, new ReactivateUser()));
    }

    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "200", description = "The roles were replaced",
            content = @Content(schema = @Schema(implementation = CommandResponses.Accepted.class)))
    @PutMapping("/{id}/roles")
    Mono<ResponseEntity<Object>> assignRoles(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody UserRequests.AssignRoles request, ServerHttpRequest http) {
        Idempotency idempotency = fingerprints.read(http, request);
        request.validate();
        String userId = UserAccess.userId(id);
        return access.admin(caller, userId)
                .then(decide(caller, userId, http, idempotency, new AssignRoles(request.toRoles())));
    }

    private String registrationTenant(Caller caller, UserRequests.RegisterUser request) {
        if (caller == null) {
            if (!properties.registration().open()) {
                throw ApiProblem.unauthenticated("registration is closed: an admin creates users");
            }
            if (request.role() != null && UserRequests.role(request.role()) != Role.USER) {
                throw ApiProblem.forbidden("self-registration creates plain users only");
            }
            return properties.registration().defaultTenant();
        }
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("only an admin creates users");
        }
        return caller.tenantId();
    }

    private Mono<ResponseEntity<Object>> decide(Caller caller, String userId, ServerHttpRequest http,
            Idempotency idempotency, Object payload) {
        return Mono.defer(() -> send(RoutingKeys.user(UserId.of(userId)),
                        envelope(caller.tenantId(), userId, caller, http, idempotency, payload)))
                .map(CommandResponses::ok);
    }

    private CommandEnvelope envelope(String tenant, String userId, Caller caller, ServerHttpRequest http,
            Idempotency idempotency, Object payload) {
        CommandEnvelope command = CommandEnvelopes.of(tenant, userId, RequestActor.of(caller, http),
                idempotency != null ? idempotency.key() : null, payload, CLOCK);
        command.setRequestFingerprint(idempotency != null ? idempotency.fingerprint() : null);
        return command;
    }

    /** Under the aggregate's key, or under its idempotency key when it has one (the processor forwards it). */
    private Mono<CommandOutcome> send(String aggregateKey, CommandEnvelope command) {
        String routingKey = command.getIdempotencyKey() != null ? RoutingKeys.idempotency(command) : aggregateKey;
        return gateway.send(routingKey, command)
                .onErrorMap(CommandOutcomeUnknownException.class, unknown -> ApiProblem.unavailable(
                        "the outcome of the command is not known yet; retry later",
                        properties.commands().retryAfter()));
    }
}
