package dev.phishnet.commandapi.auditapi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.userapi.ConsistencyGate;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.PageCursor;
import dev.phishnet.commandapi.web.Violations;
import dev.phishnet.commandapi.web.ActiveGeneration;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The tenant's audit trail for its admins: newest first by (occurredAt, id), filtered by actor, action and a
 * {@code [from, to)} time range, one page per request with the cursor of the next in {@code next} (null at the end).
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditQueryController {

    static final String AUDIT_LOGS = "audit_logs";
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;

    private final ReactiveMongoTemplate mongo;
    private final ActiveGeneration generation;
    private final ConsistencyGate consistency;

    AuditQueryController(ReactiveMongoTemplate mongo, ActiveGeneration generation, ConsistencyGate consistency) {
        this.mongo = mongo;
        this.generation = generation;
        this.consistency = consistency;
    }

    record AuditPage(List<AuditEntry> items, String next) {
    }

    @GetMapping
    Mono<AuditPage> audit(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String actorId,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size,
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) String token) {
        if (caller == null) {
            throw ApiProblem.unauthenticated("a bearer token is required");
        }
        if (!caller.isAdmin()) {
            throw ApiProblem.forbidden("only an admin reads the audit trail");
        }
        Violations violations = new Violations()
                .check(size >= 1 && size <= MAX_SIZE, "size", "must be between 1 and " + MAX_SIZE);
        Instant since = instant(from, "from", violations);
        Instant until = instant(to, "to", violations);
        violations.orThrow();
        PageCursor after = PageCursor.parse(cursor);

        List<Criteria> criteria = new ArrayList<>();
        criteria.add(Criteria.where("tenantId").is(caller.tenantId()));
        if (actorId != null) {
            criteria.add(Criteria.where("actorId").is(actorId));
        }
        if (action != null) {
            criteria.add(Criteria.where("action").is(action));
        }
        if (since != null) {
            criteria.add(Criteria.where("occurredAt").gte(Date.from(since)));
        }
        if (until != null) {
            criteria.add(Criteria.where("occurredAt").lt(Date.from(until)));
        }
        if (after != null) {
            criteria.add(after.after("occurredAt"));
        }
        // One more than a page tells whether another page follows without a count.
        Query query = Query.query(new Criteria().andOperator(criteria))
                .with(Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("_id")))
                .limit(size + 1);
        return consistency.await(caller.tenantId(), token)
                .then(mongo.find(query, Document.class, generation.collection(AUDIT_LOGS)).map(AuditEntry::from)
                        .collectList())
                .map(entries -> page(entries, size));
    }

    private static AuditPage page(List<AuditEntry> entries, int size) {
        if (entries.size() <= size) {
            return new AuditPage(entries, null);
        }
        List<AuditEntry> items = entries.subList(0, size);
        AuditEntry last = items.get(size - 1);
        return new AuditPage(List.copyOf(items), new PageCursor(last.occurredAt(), last.id()).encode());
    }

    private static Instant instant(String value, String field, Violations violations) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            violations.check(false, field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            return null;
        }
    }
}
