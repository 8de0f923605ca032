package dev.phishnet.commandapi.userapi;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.user.UserId;
import dev.phishnet.commandapi.web.ApiProblem;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who may act on which user. Admins manage the users of their own tenant; a user reads and edits their own profile
 * and password. Refusals follow one rule: another tenant's user (or one that does not exist) is 404, a user of the
 * caller's own tenant is 403. The tenant of an admin's target is checked by the command processor, which answers
 * NOT_FOUND across tenants; a non-admin's target is looked up in the read model to tell 403 from 404.
 */
@Component
public class UserAccess {

    private final UserReadModel users;

    UserAccess(UserReadModel users) {
        this.users = users;
    }

    /** The user id of a path, canonical; an id that is no UUID names nobody. */
    public static String userId(String raw) {
        try {
            return UserId.of(raw).value();
        } catch (IllegalArgumentException notAnId) {
            throw notFound();
        }
    }

    public static Caller authenticated(Caller caller) {
        if (caller == null) {
            throw ApiProblem.unauthenticated("a bearer token is required");
        }
        return caller;
    }

    /** Profile and password: the user themselves, or an admin of the tenant. */
    public Mono<Void> selfOrAdmin(Caller caller, String userId) {
        authenticated(caller);
        if (caller.isAdmin() || caller.userId().equals(userId)) {
            return Mono.empty();
        }
        return refuse(caller, userId, "only the user or an admin may do this");
    }

    /** Deactivation, reactivation and roles: admins only. */
    public Mono<Void> admin(Caller caller, String userId) {
        authenticated(caller);
        if (caller.isAdmin()) {
            return Mono.empty();
        }
        if (caller.userId().equals(userId)) {
            return Mono.error(ApiProblem.forbidden("only an admin may do this"));
        }
        return refuse(caller, userId, "only an admin may do this");
    }

    private Mono<Void> refuse(Caller caller, String userId, String why) {
        return users.find(caller.tenantId(), userId)
                .flatMap(sameTenant -> Mono.<Void>error(ApiProblem.forbidden(why)))
                .switchIfEmpty(Mono.error(UserAccess::notFound));
    }

    public static ApiProblem notFound() {
        return ApiProblem.notFound("user not found");
    }
}
