package dev.phishnet.commandapi.analysisapi;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.analysis.AnalysisId;
import dev.phishnet.commandapi.contract.CommandEndpoint;
import dev.phishnet.commandapi.gateway.CommandEnvelopes;
import dev.phishnet.commandapi.gateway.CommandGateway;
import dev.phishnet.commandapi.gateway.CommandOutcomeUnknownException;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.userapi.UserAccess;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.CommandResponses;
import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.Idempotency;
import dev.phishnet.commandapi.web.RequestActor;
import dev.phishnet.commandapi.web.RequestFingerprints;
import dev.phishnet.schemas.analysis.CompleteAnalysis;
import dev.phishnet.schemas.analysis.FailAnalysis;
import dev.phishnet.schemas.analysis.RequestAnalysis;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.CommandOutcome;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Commands on email analyses, each answered with its outcome and a consistency token for the analyses read model:
 * submitting a user's email (any user for their own; an admin or a service for another user of the tenant), and
 * recording an analyzer's result or failure (an analyst, an admin or a service). The answer carries what the command
 * knows; the whole analysis, its matches included, is {@code GET /api/v1/analyses/{id}}.
 */
@RestController
@RequestMapping("/api/v1/analyses")
class AnalysisCommandController {

    private static final Clock CLOCK = Clock.systemUTC();

    private final CommandGateway gateway;
    private final CommandApiProperties properties;
    private final RequestFingerprints fingerprints;

    AnalysisCommandController(CommandGateway gateway, CommandApiProperties properties,
            RequestFingerprints fingerprints) {
        this.gateway = gateway;
        this.properties = properties;
        this.fingerprints = fingerprints;
    }

    /** A submitted analysis: the request's fields, pending. */
    record Submitted(String id, String status, long version, String userId, String gmailMessageId, String subject,
            String sender, String recipient, Instant receivedAt, List<String> urls) {
    }

    /** The analysis already submitted for this user and message; {@code GET} it for the rest. */
    record Existing(String id, String status, long version, String userId, String gmailMessageId) {
    }

    record Completed(String id, String status, long version, String threatLevel, double confidenceScore,
            List<String> detectedThreats, String analyzerVersion) {
    }

    record Failed(String id, String status, long version, String reason, String analyzerVersion) {
    }

    /** 201 with the new analysis; 200 with the existing one when this user already submitted this message. */
    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "201", description = "The analysis was submitted, pending",
            content = @Content(schema = @Schema(implementation = Submitted.class)))
    @ApiResponse(responseCode = "200", description = "This user already submitted this message: the existing analysis",
            content = @Content(schema = @Schema(implementation = Existing.class)))
    @PostMapping
    Mono<ResponseEntity<Object>> request(@AuthenticationPrincipal Caller caller,
            @RequestBody AnalysisRequests.RequestAnalysis request, ServerHttpRequest http) {
        Caller who = UserAccess.authenticated(caller);
        Idempotency idempotency = fingerprints.read(http, request);
        request.validate();
        String userId = owner(who, request.userId());
        AnalysisId id = AnalysisId.of(TenantId.of(who.tenantId()), UserId.of(userId), request.gmailMessageId());
        RequestAnalysis payload = new RequestAnalysis(userId, request.gmailMessageId(),
                request.subject() == null ? "" : request.subject(), request.sender().strip(),
                request.recipient().strip(), request.receivedAt(), request.urlsOrNone());
        CommandEnvelope command = envelope(who, id.value(), http, idempotency, payload);
        return send(RoutingKeys.analysis(id), command).map(outcome -> {
            long version = version(outcome);
            if ("true".equals(outcome.getDetails().get("existing"))) {
                return CommandResponses.accepted(outcome, ResponseEntity.ok(), ConsistencyToken.ANALYSES,
                        new Existing(id.value(), outcome.getDetails().getOrDefault("status", "pending"), version,
                                userId, payload.getGmailMessageId()));
            }
            return CommandResponses.accepted(outcome, ResponseEntity.created(location(id)),
                    ConsistencyToken.ANALYSES, new Submitted(id.value(), "pending", version, userId,
                            payload.getGmailMessageId(), payload.getSubject(), payload.getSender(),
                            payload.getRecipient(), payload.getReceivedAt(), payload.getUrls()));
        });
    }

    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "200", description = "The analyzer's result was recorded",
            content = @Content(schema = @Schema(implementation = Completed.class)))
    @PostMapping("/{id}/result")
    Mono<ResponseEntity<Object>> complete(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody AnalysisRequests.CompleteAnalysis request, ServerHttpRequest http) {
        Caller who = analyzer(caller);
        String analysisId = analysisId(id);
        Idempotency idempotency = fingerprints.read(http, request);
        request.validate();
        CompleteAnalysis payload = new CompleteAnalysis(AnalysisRequests.level(request.threatLevel()),
                request.confidenceScore(), request.threats(), request.analyzerVersion().strip());
        CommandEnvelope command = envelope(who, analysisId, http, idempotency, payload);
        return send(RoutingKeys.analysis(AnalysisId.of(analysisId)), command)
                .map(outcome -> CommandResponses.accepted(outcome, ResponseEntity.ok(), ConsistencyToken.ANALYSES,
                        new Completed(analysisId, "completed", version(outcome),
                                AnalysisRequests.wire(payload.getThreatLevel()), payload.getConfidenceScore(),
                                payload.getDetectedThreats(), payload.getAnalyzerVersion())));
    }

    @CommandEndpoint(idempotencyKey = true)
    @ApiResponse(responseCode = "200", description = "The analyzer's failure was recorded",
            content = @Content(schema = @Schema(implementation = Failed.class)))
    @PostMapping("/{id}/fail")
    Mono<ResponseEntity<Object>> fail(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody AnalysisRequests.FailAnalysis request, ServerHttpRequest http) {
        Caller who = analyzer(caller);
        String analysisId = analysisId(id);
        Idempotency idempotency = fingerprints.read(http, request);
        request.validate();
        FailAnalysis payload = new FailAnalysis(request.reason().strip(),
                request.analyzerVersion() == null ? null : request.analyzerVersion().strip());
        CommandEnvelope command = envelope(who, analysisId, http, idempotency, payload);
        return send(RoutingKeys.analysis(AnalysisId.of(analysisId)), command)
                .map(outcome -> CommandResponses.accepted(outcome, ResponseEntity.ok(), ConsistencyToken.ANALYSES,
                        new Failed(analysisId, "failed", version(outcome), payload.getReason(),
                                payload.getAnalyzerVersion())));
    }

    /**
     * Whose email it is: the caller's own unless the body names another user, which takes an admin or a service (a
     * service token's subject names no user, so a service always names one).
     */
    private static String owner(Caller caller, String requested) {
        if (requested == null) {
            try {
                return UserId.of(caller.userId()).value();
            } catch (IllegalArgumentException notAUser) {
                throw ApiProblem.invalid("userId", "is required: the caller is not a user");
            }
        }
        String userId = UserId.of(requested).value();
        if (!userId.equals(caller.userId()) && !caller.isAdmin() && !caller.isService()) {
            throw ApiProblem.forbidden("only an admin or a service submits another user's email");
        }
        return userId;
    }

    private static Caller analyzer(Caller caller) {
        Caller who = UserAccess.authenticated(caller);
        if (!who.hasRole("analyst") && !who.isAdmin() && !who.isService()) {
            throw ApiProblem.forbidden("only an analyst, an admin or a service records an analysis's outcome");
        }
        return who;
    }

    /** The analysis id of a path, canonical; an id that is no UUID names no analysis. */
    private static String analysisId(String raw) {
        try {
            return AnalysisId.of(raw).value();
        } catch (IllegalArgumentException notAnId) {
            throw ApiProblem.notFound("analysis not found");
        }
    }

    private static URI location(AnalysisId id) {
        return URI.create("/api/v1/analyses/" + id.value());
    }

    private static long version(CommandOutcome outcome) {
        return outcome.getAggregateVersion() != null ? outcome.getAggregateVersion() : 0L;
    }

    private static CommandEnvelope envelope(Caller caller, String analysisId, ServerHttpRequest http,
            Idempotency idempotency, Object payload) {
        CommandEnvelope command = CommandEnvelopes.of(caller.tenantId(), analysisId, RequestActor.of(caller, http),
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
