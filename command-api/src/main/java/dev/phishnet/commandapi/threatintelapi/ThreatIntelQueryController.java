package dev.phishnet.commandapi.threatintelapi;

import java.util.List;
import java.util.Locale;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.userapi.ConsistencyGate;
import dev.phishnet.commandapi.userapi.UserAccess;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.CursorPage;
import dev.phishnet.commandapi.web.PageCursor;
import dev.phishnet.commandapi.web.QueryParameters;
import dev.phishnet.commandapi.threatintel.IndicatorNormalizer;
import dev.phishnet.commandapi.threatintel.IndicatorType;
import dev.phishnet.commandapi.threatintel.InvalidIndicatorException;
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
 * Reads threat-intelligence indicators from the {@code threat_intelligence} read model: every user of a tenant reads
 * the tenant's indicators (they explain the matches on their analyses); another tenant's are a 404.
 */
@RestController
@RequestMapping("/api/v1/threat-intel")
class ThreatIntelQueryController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final List<String> TYPES = List.of("domain", "url", "ip", "email", "sha256");
    /** As long as the longest indicator accepted (a URL of 8 KiB). */
    private static final int MAX_INDICATOR = 8 * 1024;

    private final IndicatorReadModel indicators;
    private final ConsistencyGate consistency;

    ThreatIntelQueryController(IndicatorReadModel indicators, ConsistencyGate consistency) {
        this.indicators = indicators;
        this.consistency = consistency;
    }

    @GetMapping("/{id}")
    Mono<IndicatorView> indicator(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) String token) {
        Caller who = UserAccess.authenticated(caller);
        return consistency.await(who.tenantId(), token)
                .then(indicators.find(who.tenantId(), id))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such indicator")));
    }

    /**
     * One page of the tenant's indicators, newest first reported first (then by id), with the cursor of the next page
     * in {@code next}; {@code indicator} is looked up in its normalized form, so {@code Evil.Example.} finds
     * {@code evil.example}.
     */
    @GetMapping
    Mono<CursorPage<IndicatorView>> indicators(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String indicator,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String limit,
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) String token) {
        Caller who = UserAccess.authenticated(caller);
        Violations violations = new Violations();
        String raw = QueryParameters.text(indicator, "indicator", MAX_INDICATOR, violations);
        String indicatorType = QueryParameters.oneOf(type, "type", TYPES, violations);
        int size = QueryParameters.limit(limit, "limit", DEFAULT_LIMIT, MAX_LIMIT, violations);
        violations.orThrow();
        String normalized = raw != null ? normalized(raw, indicatorType) : null;
        PageCursor after = PageCursor.parse(cursor);

        // One more than a page tells whether another page follows without a count.
        return consistency.await(who.tenantId(), token)
                .then(indicators.search(who.tenantId(), normalized, indicatorType, after, size + 1).collectList())
                .map(found -> CursorPage.of(found, size, view -> new PageCursor(view.firstSeenAt(), view.id())));
    }

    /**
     * The indicator as the command side normalized it when it was reported (so a query finds it whatever its
     * spelling): by {@code type} when given; without it, by the form of the value (a scheme: a URL; an @: an address;
     * else the first of IP, SHA-256 and domain that takes it). A value no rule takes is a 400 naming
     * {@code indicator}.
     */
    private static String normalized(String indicator, String type) {
        try {
            if (type != null) {
                return IndicatorNormalizer.normalize(IndicatorType.valueOf(type.toUpperCase(Locale.ROOT)), indicator);
            }
            if (indicator.contains("://")) {
                return IndicatorNormalizer.normalize(IndicatorType.URL, indicator);
            }
            if (indicator.contains("@")) {
                return IndicatorNormalizer.normalize(IndicatorType.EMAIL, indicator);
            }
            for (IndicatorType guess : List.of(IndicatorType.IP, IndicatorType.SHA256)) {
                try {
                    return IndicatorNormalizer.normalize(guess, indicator);
                } catch (InvalidIndicatorException notThisOne) {
                    // Try the next form.
                }
            }
            return IndicatorNormalizer.normalize(IndicatorType.DOMAIN, indicator);
        } catch (InvalidIndicatorException invalid) {
            throw ApiProblem.invalid("indicator", invalid.reason());
        }
    }
}
