package dev.phishnet.commandapi.sessionapi;

import java.util.List;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.userapi.ConsistencyGate;
import dev.phishnet.commandapi.userapi.UserAccess;
import dev.phishnet.commandapi.userapi.UserReadModel;
import dev.phishnet.commandapi.web.ApiProblem;
import dev.phishnet.commandapi.web.ConsistencyToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Reads sessions from the {@code sessions} read model, within the caller's tenant: a user their own, an admin any of
 * the tenant's. Someone else's session is a 404, as if it did not exist.
 */
@RestController
@RequestMapping("/api/v1")
class SessionQueryController {

    /** A user has at most a few active sessions; ended ones are listed up to this many, newest first. */
    static final int MAX_LISTED = 100;

    private final SessionReadModel sessions;
    private final UserReadModel users;
    private final UserAccess access;
    private final ConsistencyGate consistency;

    SessionQueryController(SessionReadModel sessions, UserReadModel users, UserAccess access,
            ConsistencyGate consistency) {
        this.sessions = sessions;
        this.users = users;
        this.access = access;
        this.consistency = consistency;
    }

    record SessionList(List<SessionView> items) {
    }

    @GetMapping("/users/{id}/sessions")
    Mono<SessionList> ofUser(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) String token) {
        String userId = UserAccess.userId(id);
        return access.selfOrAdmin(caller, userId)
                .then(consistency.await(caller.tenantId(), token))
                // An admin naming another tenant's user (or nobody) gets 404, not an empty list.
                .then(Mono.defer(() -> caller.userId().equals(userId) ? Mono.<Void>empty()
                        : users.find(caller.tenantId(), userId).switchIfEmpty(Mono.error(UserAccess::notFound))
                                .then()))
                .then(sessions.ofUser(caller.tenantId(), userId, MAX_LISTED).collectList())
                .map(SessionList::new);
    }

    @GetMapping("/sessions/{id}")
    Mono<SessionView> session(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestHeader(name = ConsistencyToken.HEADER, required = false) String token) {
        Caller who = UserAccess.authenticated(caller);
        return consistency.await(who.tenantId(), token)
                .then(sessions.find(who.tenantId(), id))
                .filter(session -> who.isAdmin() || session.userId().equals(who.userId()))
                .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("no such session")));
    }
}
