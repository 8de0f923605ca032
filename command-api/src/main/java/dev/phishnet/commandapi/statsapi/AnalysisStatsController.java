package dev.phishnet.commandapi.statsapi;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.userapi.UserAccess;
import dev.phishnet.commandapi.userapi.UserReadModel;
import dev.phishnet.commandapi.web.ApiProblem;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Analysis statistics, served from the {@code analysis_stats} view (never counted per request):
 * <ul>
 * <li>{@code GET /api/v1/analyses/stats?from=&to=&userId=}: one user's analyses, the caller's own by default. Admins
 * and analysts may name any user of their tenant; anyone else naming another user gets 404, as if there were none.
 * <li>{@code GET /api/v1/analyses/stats?scope=tenant&from=&to=}: the whole tenant's, for admins and analysts only
 * (403 otherwise).
 * </ul>
 * Analyses count on the UTC day their email was received. {@code from} and {@code to} are ISO dates, both included,
 * by default the 30 days up to today (UTC), at most 366 days (a 400 names the parameter at fault). {@code byDay}
 * lists only the days that have analyses, in order: an empty day is left out rather than sent as zeros, so a year's
 * range of a quiet user stays small; a chart fills the gaps. The view is kept by the projector's second Streams
 * application, a commit interval behind the events, so a consistency token is not waited for here.
 */
@RestController
@RequestMapping("/api/v1/analyses/stats")
class AnalysisStatsController {

    private final AnalysisStatsReadModel stats;
    private final UserReadModel users;

    AnalysisStatsController(AnalysisStatsReadModel stats, UserReadModel users) {
        this.stats = stats;
        this.users = users;
    }

    @GetMapping
    Mono<AnalysisStats> stats(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String userId,
            @RequestParam(required = false) String scope) {
        Caller who = UserAccess.authenticated(caller);
        boolean wholeTenant = wholeTenant(scope);
        if (wholeTenant && userId != null) {
            throw ApiProblem.invalid("userId", "must be absent with scope=tenant");
        }
        DayRange range = DayRange.parse(from, to, LocalDate.now(ZoneOffset.UTC));
        if (wholeTenant) {
            if (!privileged(who)) {
                throw ApiProblem.forbidden("only an admin or an analyst reads the tenant's statistics");
            }
            return stats.stats(who.tenantId(), null, range);
        }
        if (userId == null || userId.equals(who.userId())) {
            return stats.stats(who.tenantId(), who.userId(), range);
        }
        String other = UserAccess.userId(userId);
        if (other.equals(who.userId())) {
            return stats.stats(who.tenantId(), other, range);
        }
        if (!privileged(who)) {
            return Mono.error(UserAccess::notFound);
        }
        return users.find(who.tenantId(), other)
                .switchIfEmpty(Mono.error(UserAccess::notFound))
                .then(stats.stats(who.tenantId(), other, range));
    }

    private static boolean wholeTenant(String scope) {
        String value = scope == null ? "user" : scope.strip().toLowerCase(Locale.ROOT);
        if (!value.equals("user") && !value.equals("tenant")) {
            throw ApiProblem.invalid("scope", "must be user or tenant");
        }
        return value.equals("tenant");
    }

    private static boolean privileged(Caller caller) {
        return caller.isAdmin() || caller.hasRole("analyst");
    }
}
