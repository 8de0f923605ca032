package dev.phishnet.commandapi.threatintelapi;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.contract.CommandEndpoint;
import dev.phishnet.commandapi.gateway.CommandEnvelopes;
import dev.phishnet.commandapi.gateway.CommandGateway;
import dev.phishnet.commandapi.gateway.CommandOutcomeUnknownException;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.threatintel.IndicatorId;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.userapi.UserAccess;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.CommandResponses;
import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.Idempotency;
import dev.phishnet.commandapi.web.RequestActor;
import dev.phishnet.commandapi.web.RequestFingerprints;
import dev.phishnet.schemas.analysis.ThreatLevel;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import dev.phishnet.schemas.threatintel.IndicatorType;
import dev.phishnet.schemas.threatintel.ReportIndicator;
import dev.phishnet.schemas.threatintel.RetireIndicator;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Reporting and retiring indicators of compromise (an admin or an analyst), each answered with its outcome and a
 * consistency token for the threat-intelligence read model. An indicator is keyed by its tenant, type and normalized
 * value, so reporting it again merges into it (200) rather than creating another (201).
 */
@RestController
@RequestMapping("/api/v1/threat-intel")
class ThreatIntelCommandController {

    private static final Clock CLOCK = Clock.systemUTC();

    private final CommandGateway gateway;
    private final CommandApiProperties properties;
    private final RequestFingerprints fingerprints;

    ThreatIntelCommandController(CommandGateway gateway, CommandApiProperties properties,
            RequestFingerprints fingerprints) {
        this.gateway = gateway;
        this.properties = properties;
        this.fingerprints = fingerprints;
    }

    /**
     * The report as the command carries it; the merged indicator (every source, tag and report) is
     * {@code GET /api/v1/threat-intel/{id}}.
     */
    record Reported(String id, String indicator, String indicatorType, String threatType, String threatLevel,
            double confidenceScore, String source, List<String> tags, String description, String status,
            boolean created, long version) {
    }

    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "201", description = "A new indicator was reported",
            content = @Content(schema = @Schema(implementation = Reported.class)))
    @ApiResponse(responseCode = "200", description = "The report was merged into the existing indicator",
            content = @Content(schema = @Schema(implementation = Reported.class)))
    @PostMapping
    Mono<ResponseEntity<Object>> report(@AuthenticationPrincipal Caller caller,
            @RequestBody ThreatIntelRequests.ReportIndicator request, ServerHttpRequest http) {
        Caller who = analystOrAdmin(caller);
        Idempotency idempotency = fingerprints.read(http, request);
        ThreatIntelRequests.Normalized report = request.validate();
        IndicatorId id = IndicatorId.of(TenantId.of(who.tenantId()), report.type(), report.indicator());
        ReportIndicator payload = new ReportIndicator(report.indicator(), IndicatorType.valueOf(report.type().name()),
                report.threatType(), ThreatLevel.valueOf(report.threatLevel().toUpperCase(Locale.ROOT)),
                report.confidenceScore(), report.source(), report.tags(), report.description());
        return send(RoutingKeys.indicator(id), envelope(who, id.value(), http, idempotency, payload)).map(outcome -> {
            boolean created = "true".equals(outcome.getDetails().get("created"));
            Reported body = new Reported(id.value(), report.indicator(),
                    report.type().name().toLowerCase(Locale.ROOT), report.threatType(), report.threatLevel(),
                    report.confidenceScore(), report.source(), report.tags(), report.description(), "active",
                    created, outcome.getAggregateVersion() != null ? outcome.getAggregateVersion() : 0L);
            return CommandResponses.accepted(outcome, created ? ResponseEntity.created(location(id))
                    : ResponseEntity.ok(), ConsistencyToken.INDICATORS, body);
        });
    }

    /** Retires the indicator: it no longer matches new analyses. 204; 404 unknown, 409 already retired. */
    @CommandEndpoint
    @ApiResponse(responseCode = "204", description = "The indicator was retired")
    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Object>> retire(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            ServerHttpRequest http) {
        Caller who = analystOrAdmin(caller);
        IndicatorId indicatorId = indicatorId(id);
        return send(RoutingKeys.indicator(indicatorId), envelope(who, indicatorId.value(), http, null,
                new RetireIndicator(null)))
                .map(outcome -> CommandResponses.accepted(outcome, ResponseEntity.status(HttpStatus.NO_CONTENT),
                        ConsistencyToken.INDICATORS, null));
    }

    private static Caller analystOrAdmin(Caller caller) {
        Caller who = UserAccess.authenticated(caller);
        if (!who.isAdmin() && !who.hasRole("analyst")) {
            throw ApiProblem.forbidden("only an admin or an analyst reports or retires indicators");
        }
        return who;
    }

    private static IndicatorId indicatorId(String raw) {
        try {
            return IndicatorId.of(raw);
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("indicator not found");
        }
    }

    private static URI location(IndicatorId id) {
        return URI.create("/api/v1/threat-intel/" + id.value());
    }

    private static CommandEnvelope envelope(Caller caller, String indicatorId, ServerHttpRequest http,
            Idempotency idempotency, Object payload) {
        CommandEnvelope command = CommandEnvelopes.of(caller.tenantId(), indicatorId, RequestActor.of(caller, http),
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
