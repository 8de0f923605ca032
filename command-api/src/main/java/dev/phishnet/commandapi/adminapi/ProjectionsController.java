package dev.phishnet.commandapi.adminapi;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.gateway.CommandEnvelopes;
import dev.phishnet.commandapi.gateway.CommandGateway;
import dev.phishnet.commandapi.gateway.CommandOutcomeUnknownException;
import dev.phishnet.commandapi.messages.CommandActions;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.userapi.UserAccess;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.CommandResponses;
import dev.phishnet.commandapi.web.RequestActor;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordProjectionAdminAction;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Blue/green rebuilds of the read models, for operators: {@code GET} lists the generations with their state and
 * progress; {@code POST .../rebuild} starts a new generation (202), audited as {@code projections.rebuild} before it
 * is claimed, or answers 409 while another rebuild runs. The projector builds it from the topics' start, switches the
 * queries to it once it has caught up, and drops the old generation after the grace period.
 */
@RestController
@RequestMapping("/api/v1/admin/projections")
class ProjectionsController {

    private static final Clock CLOCK = Clock.systemUTC();

    private final ProjectionGenerations generations;
    private final Operators operators;
    private final CommandGateway gateway;
    private final CommandApiProperties properties;

    ProjectionsController(ProjectionGenerations generations, Operators operators, CommandGateway gateway,
            CommandApiProperties properties) {
        this.generations = generations;
        this.operators = operators;
        this.gateway = gateway;
        this.properties = properties;
    }

    /** What {@code GET} answers: the active generation, the one being built (or null), and every generation. */
    record Overview(int active, Integer building, List<GenerationView> generations) {
    }

    @GetMapping
    Mono<Overview> overview(@AuthenticationPrincipal Caller caller) {
        operators.requireOperator(UserAccess.authenticated(caller));
        return generations.current().zipWith(generations.all(),
                (current, all) -> new Overview(current.active(), current.building(), all));
    }

    @ApiResponse(responseCode = "202", description = "A new generation is being built",
            content = @Content(schema = @Schema(implementation = GenerationView.class)))
    @PostMapping("/rebuild")
    Mono<ResponseEntity<Object>> rebuild(@AuthenticationPrincipal Caller caller, ServerHttpRequest http) {
        Caller operator = UserAccess.authenticated(caller);
        operators.requireOperator(operator);
        return generations.current().flatMap(current -> {
            if (current.building() != null) {
                return Mono.error(ApiProblem.conflict("generation " + current.building()
                        + " is being rebuilt; one rebuild at a time"));
            }
            int generation = current.next();
            RecordProjectionAdminAction action = new RecordProjectionAdminAction(CommandActions.PROJECTIONS_REBUILD,
                    "g" + generation, Map.of("active", Integer.toString(current.active()),
                            "generation", Integer.toString(generation)));
            CommandEnvelope command = CommandEnvelopes.of(operator.tenantId(), operator.tenantId(),
                    RequestActor.of(operator, http), null, action, CLOCK);
            return gateway.send(RoutingKeys.projections(TenantId.of(operator.tenantId())), command)
                    .onErrorMap(CommandOutcomeUnknownException.class, unknown -> ApiProblem.unavailable(
                            "the outcome of the command is not known yet; retry later",
                            properties.commands().retryAfter()))
                    .flatMap(outcome -> {
                        if (!outcome.getAccepted()) {
                            return Mono.just(CommandResponses.ok(outcome));
                        }
                        return generations.claim(current, operator.userId(), CLOCK.instant())
                                .flatMap(claimed -> claimed
                                        ? generations.generation(generation).map(view -> ResponseEntity
                                                .status(HttpStatus.ACCEPTED).<Object>body(view))
                                        : Mono.error(ApiProblem.conflict("another rebuild was started meanwhile;"
                                                + " one rebuild at a time")));
                    });
        });
    }
}
