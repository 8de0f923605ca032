package dev.phishnet.commandapi.userapi;

import java.util.List;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.ConsistencyToken;
import dev.phishnet.commandapi.web.Violations;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Reads users from the {@code users} read model, within the caller's tenant, after any consistency token. */
@RestController
@RequestMapping("/api/v1/users")
class UserQueryController {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 100;

    private final UserReadModel users;
    private final ConsistencyGate consistency;

    UserQueryController(UserReadModel users, ConsistencyGate consistency) {
        this.users = users;
        this.consistency = consistency;
    }

    /** One page of users, sorted by email. */
    record UserPage(List<UserView> items, int page, int size, long total) {
    }

    /** An admin reads any user of their tenant; anyone else only themselves (403 in their tenant, 404 elsewhere). */
    @GetMapping("/{id}")
    Mono<UserView> user(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) String token) {
        Caller who = UserAccess.authenticated(caller);
        String userId = UserAccess.userId(id);
        return consistency.await(who.tenantId(), token)
                .then(users.find(who.tenantId(), userId))
                .switchIfEmpty(Mono.error(UserAccess::notFound))
                .flatMap(user -> who.isAdmin() || user.id().equals(who.userId())
                        ? Mono.just(user) : Mono.error(ApiProblem.forbidden("only an admin reads other users")));
    }

    @GetMapping
    Mono<UserPage> users(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String email,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size,
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) String token) {
        Caller who = UserAccess.authenticated(caller);
        if (!who.isAdmin()) {
            throw ApiProblem.forbidden("only an admin lists users");
        }
        new Violations()
                .check(page >= 0, "page", "must be 0 or more")
                .check(size >= 1 && size <= MAX_SIZE, "size", "must be between 1 and " + MAX_SIZE)
                .orThrow();
        String normalized = email == null || email.isBlank() ? null : Email.of(email).value();
        return consistency.await(who.tenantId(), token)
                .then(Mono.zip(users.search(who.tenantId(), normalized, page, size).collectList(),
                        users.count(who.tenantId(), normalized)))
                .map(found -> new UserPage(found.getT1(), page, size, found.getT2()));
    }
}
