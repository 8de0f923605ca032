package dev.phishnet.commandapi.analysisapi;

import java.time.Instant;
import java.util.List;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.userapi.ConsistencyGate;
import dev.phishnet.commandapi.userapi.UserAccess;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.CursorPage;
import dev.phishnet.commandapi.web.PageCursor;
import dev.phishnet.commandapi.web.QueryParameters;
import dev.phishnet.commandapi.web.Violations;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Reads email analyses from the {@code email_analyses} read model, within the caller's tenant. A user reads their own
 * analyses; an admin, an analyst or a service reads every analysis of the tenant. Someone else's analysis is a 404,
 * as if it did not exist.
 */
@RestController
@RequestMapping("/api/v1/analyses")
class AnalysisQueryController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final List<String> THREAT_LEVELS = List.of("safe", "low", "medium", "high", "critical");
    static final List<String> STATUSES = List.of("pending", "completed", "failed");
    /** Longer than any user id this API issues or accepts from an issuer; a longer one names nobody. */
    private static final int MAX_USER_ID = 256;

    private final AnalysisReadModel analyses;
    private final ConsistencyGate consistency;

    AnalysisQueryController(AnalysisReadModel analyses, ConsistencyGate consistency) {
        this.analyses = analyses;
        this.consistency = consistency;
    }

    @GetMapping("/{id}")
    Mono<AnalysisView> analysis(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) String token) {
        Caller who = UserAccess.authenticated(caller);
        return consistency.await(who.tenantId(), token)
                .then(analyses.find(who.tenantId(), id))
                .filter(analysis -> readsEveryonesAnalyses(who) || analysis.userId().equals(who.userId()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such analysis")));
    }

    /**
     * One page of the tenant's analyses, newest received first (then by id), with the cursor of the next page in
     * {@code next}. Without {@code userId} a user lists their own; naming another user is for the privileged.
     */
    @GetMapping
    Mono<CursorPage<AnalysisView>> analyses(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String userId,
            @RequestParam(required = false) String threatLevel,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String limit,
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) String token) {
        Caller who = UserAccess.authenticated(caller);
        Violations violations = new Violations();
        String user = QueryParameters.text(userId, "userId", MAX_USER_ID, violations);
        String level = QueryParameters.oneOf(threatLevel, "threatLevel", THREAT_LEVELS, violations);
        String state = QueryParameters.oneOf(status, "status", STATUSES, violations);
        Instant since = QueryParameters.instant(from, "from", violations);
        Instant until = QueryParameters.instant(to, "to", violations);
        violations.check(since == null || until == null || since.isBefore(until), "to", "must be after from");
        int size = QueryParameters.limit(limit, "limit", DEFAULT_LIMIT, MAX_LIMIT, violations);
        violations.orThrow();
        PageCursor after = PageCursor.parse(cursor);
        if (!readsEveryonesAnalyses(who)) {
            if (user != null && !user.equals(who.userId())) {
                throw ApiProblem.forbidden("only an admin, an analyst or a service lists other users' analyses");
            }
            user = who.userId();
        }

        AnalysisFilter filter = new AnalysisFilter(user, level, state, since, until);
        // One more than a page tells whether another page follows without a count.
        return consistency.await(who.tenantId(), token)
                .then(analyses.search(who.tenantId(), filter, after, size + 1).collectList())
                .map(found -> CursorPage.of(found, size, analysis -> new PageCursor(analysis.receivedAt(),
                        analysis.id())));
    }

    /** Admins, analysts (who review results) and services (analyzers) see every analysis of the tenant. */
    private static boolean readsEveryonesAnalyses(Caller caller) {
        return caller.isAdmin() || caller.hasRole("analyst") || caller.hasRole("service");
    }
}
