package dev.phishnet.commandapi.statsapi;

import java.time.LocalDate;
import java.time.ZoneOffset;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.userapi.UserAccess;
import dev.phishnet.commandapi.userapi.UserReadModel;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/users/{id}/usage?from=&to=}: a user's audited API calls (accepted or rejected) per UTC day and
 * action, served from the {@code api_usage} view, for the user themselves or an admin of their tenant. Refusals as
 * for a user's sessions: another user of the caller's tenant is 403, a user of another tenant (or nobody) 404.
 * {@code from} and {@code to} are ISO dates, both included, by default the 30 days up to today (UTC), at most 366 days.
 * {@code days} lists only the days with calls, in order (an empty day is left out, not sent as zeros). The view lags
 * the audit trail by a commit interval of the projector's aggregates application; no consistency token is waited for.
 */
@RestController
class UsageController {

    private final UsageReadModel usage;
    private final UserReadModel users;
    private final UserAccess access;

    UsageController(UsageReadModel usage, UserReadModel users, UserAccess access) {
        this.usage = usage;
        this.users = users;
        this.access = access;
    }

    @GetMapping("/api/v1/users/{id}/usage")
    Mono<ApiUsage> usage(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        Caller who = UserAccess.authenticated(caller);
        String userId = id.equals(who.userId()) ? id : UserAccess.userId(id);
        DayRange range = DayRange.parse(from, to, LocalDate.now(ZoneOffset.UTC));
        return access.selfOrAdmin(who, userId)
                // An admin naming another tenant's user (or nobody) gets 404, not an empty count.
                .then(Mono.defer(() -> who.userId().equals(userId) ? Mono.<Void>empty()
                        : users.find(who.tenantId(), userId).switchIfEmpty(Mono.error(UserAccess::notFound)).then()))
                .then(usage.usage(who.tenantId(), userId, range));
    }
}
