package dev.phishnet.commandapi.adminapi;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.phishnet.commandapi.CommandApiProperties;
import dev.phishnet.commandapi.gateway.CommandEnvelopes;
import dev.phishnet.commandapi.gateway.CommandGateway;
import dev.phishnet.commandapi.gateway.CommandOutcomeUnknownException;
import dev.phishnet.commandapi.messages.CommandActions;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.CommandResponses;
import dev.phishnet.commandapi.web.CursorPage;
import dev.phishnet.commandapi.web.PageCursor;
import dev.phishnet.commandapi.web.RequestActor;
import dev.phishnet.commandapi.web.Violations;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.RecordProjectionAdminAction;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The events the projector parked, for operators: listed newest first by (parkedAt, id) with their error and source
 * position, one with its payload, and the head of a key's queue retried or skipped. A retry or skip is audited
 * through the command processor ({@code projections.dlq.retry|skip}) before the entry's status asks the projector to
 * carry it out (about a second later, by the task that owns the partition).
 */
@RestController
@RequestMapping("/api/v1/admin/projections/dlq")
class ParkedEventsController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final Set<String> STATUSES = Set.of("PARKED", "RETRY_REQUESTED", "SKIP_REQUESTED", "APPLIED",
            "SKIPPED");
    private static final Clock CLOCK = Clock.systemUTC();

    private final ReactiveMongoTemplate mongo;
    private final Operators operators;
    private final CommandGateway gateway;
    private final CommandApiProperties properties;

    ParkedEventsController(ReactiveMongoTemplate mongo, Operators operators, CommandGateway gateway,
            CommandApiProperties properties) {
        this.mongo = mongo;
        this.operators = operators;
        this.gateway = gateway;
        this.properties = properties;
    }

    @GetMapping
    Mono<CursorPage<ParkedEvent>> list(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer generation,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit) {
        operator(caller);
        new Violations()
                .check(status == null || STATUSES.contains(status), "status", "must be one of " + String.join(", ",
                        STATUSES.stream().sorted().toList()))
                .check(generation == null || generation >= 1, "generation", "must be 1 or more")
                .check(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be between 1 and " + MAX_LIMIT)
                .orThrow();
        PageCursor after = PageCursor.parse(cursor);
        List<Criteria> criteria = new ArrayList<>();
        if (status != null) {
            criteria.add(Criteria.where("status").is(status));
        }
        if (generation != null) {
            criteria.add(Criteria.where("generation").is(generation));
        }
        if (after != null) {
            criteria.add(after.after("parkedAt"));
        }
        Query query = (criteria.isEmpty() ? new Query() : Query.query(new Criteria().andOperator(criteria)))
                .with(Sort.by(Sort.Order.desc("parkedAt"), Sort.Order.desc("_id")))
                .limit(limit + 1);
        return mongo.find(query, Document.class, ParkedEvent.COLLECTION)
                .map(entry -> ParkedEvent.from(entry, false))
                .collectList()
                .map(found -> CursorPage.of(found, limit, entry -> new PageCursor(entry.parkedAt(), entry.id())));
    }

    @GetMapping("/{id}")
    Mono<ParkedEvent> one(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        operator(caller);
        return find(id);
    }

    /** 202: audited, and the projector asked to apply the record again (then the records waiting behind it). */
    @ApiResponse(responseCode = "202", description = "The retry was requested",
            content = @Content(schema = @Schema(implementation = ParkedEvent.class)))
    @PostMapping("/{id}/retry")
    Mono<ResponseEntity<Object>> retry(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            ServerHttpRequest http) {
        return request(operator(caller), id, http, CommandActions.PROJECTIONS_DLQ_RETRY, "RETRY_REQUESTED");
    }

    /** 202: audited, and the projector asked to drop the record and apply the records waiting behind it. */
    @ApiResponse(responseCode = "202", description = "The skip was requested",
            content = @Content(schema = @Schema(implementation = ParkedEvent.class)))
    @PostMapping("/{id}/skip")
    Mono<ResponseEntity<Object>> skip(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            ServerHttpRequest http) {
        return request(operator(caller), id, http, CommandActions.PROJECTIONS_DLQ_SKIP, "SKIP_REQUESTED");
    }

    private Mono<ResponseEntity<Object>> request(Caller caller, String id, ServerHttpRequest http, String action,
            String requested) {
        return find(id).flatMap(entry -> {
            if (!entry.isParkedHead()) {
                return Mono.error(notAParkedHead(entry));
            }
            CommandEnvelope command = CommandEnvelopes.of(caller.tenantId(), caller.tenantId(),
                    RequestActor.of(caller, http), null, new RecordProjectionAdminAction(action, id, details(entry)),
                    CLOCK);
            return gateway.send(RoutingKeys.projections(TenantId.of(caller.tenantId())), command)
                    .onErrorMap(CommandOutcomeUnknownException.class, unknown -> ApiProblem.unavailable(
                            "the outcome of the command is not known yet; retry later",
                            properties.commands().retryAfter()))
                    .flatMap(outcome -> {
                        if (!outcome.getAccepted()) {
                            return Mono.just(CommandResponses.rejected(outcome));
                        }
                        // Only a parked head moves: a concurrent retry or skip of the same entry finds it moved.
                        Query parkedHead = Query.query(Criteria.where("_id").is(id)
                                .and("status").is(ParkedEvent.PARKED).and("reason").is(ParkedEvent.FAILED));
                        Update update = new Update().set("status", requested).set("requestedBy", caller.userId())
                                .set("requestedAt", Date.from(CLOCK.instant()));
                        return mongo.updateFirst(parkedHead, update, ParkedEvent.COLLECTION)
                                .flatMap(result -> result.getModifiedCount() == 1 ? find(id)
                                        : find(id).flatMap(moved -> Mono.error(notAParkedHead(moved))))
                                .map(updated -> ResponseEntity.status(HttpStatus.ACCEPTED).body((Object) updated));
                    });
        });
    }

    private Mono<ParkedEvent> find(String id) {
        return mongo.findById(id, Document.class, ParkedEvent.COLLECTION)
                .map(entry -> ParkedEvent.from(entry, true))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no parked event " + id)));
    }

    private Caller operator(Caller caller) {
        if (caller == null) {
            throw ApiProblem.unauthenticated("a bearer token is required");
        }
        operators.requireOperator(caller);
        return caller;
    }

    private static Map<String, String> details(ParkedEvent entry) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("generation", String.valueOf(entry.generation()));
        details.put("projection", entry.projection());
        details.put("topic", entry.topic());
        details.put("partition", String.valueOf(entry.partition()));
        details.put("offset", String.valueOf(entry.offset()));
        if (entry.key() != null) {
            details.put("key", entry.key());
        }
        if (entry.tenantId() != null) {
            details.put("tenantId", entry.tenantId());
        }
        return details;
    }

    private static ErrorResponseException notAParkedHead(ParkedEvent entry) {
        String message = ParkedEvent.PARKED.equals(entry.status())
                ? "parked event " + entry.id() + " waits behind the failed event of its key: retry or skip that one"
                : "parked event " + entry.id() + " is " + entry.status() + ", not parked";
        return new ErrorResponseException(HttpStatus.CONFLICT, ApiProblem.detail(HttpStatus.CONFLICT, message), null);
    }
}
