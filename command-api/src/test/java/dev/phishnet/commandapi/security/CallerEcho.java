package dev.phishnet.commandapi.security;

import java.security.Principal;
import java.util.List;
import java.util.Set;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Test-only endpoints behind the security chain, telling what the chain handed to a handler. {@code @TestComponent}
 * keeps them out of every other test's component scan (they map {@code POST /api/v1/users}, as the real controller
 * does): only tests that {@code @Import} them get them.
 */
@TestComponent
@RestController
class CallerEcho {

    /**
     * What a handler sees: the principal as {@code @AuthenticationPrincipal Caller} (flattened, so that the JSON holds
     * exactly its components), and the authorities.
     */
    record WhoAmI(String userId, String tenantId, Set<String> roles, String sessionId, String name,
            List<String> authorities) {

        Caller caller() {
            return new Caller(userId, tenantId, roles, sessionId);
        }
    }

    @GetMapping("/api/v1/test/whoami")
    WhoAmI whoAmI(@AuthenticationPrincipal Caller caller, Principal principal) {
        CallerAuthentication authentication = (CallerAuthentication) principal;
        return new WhoAmI(caller.userId(), caller.tenantId(), caller.roles(), caller.sessionId(),
                authentication.getName(),
                authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList());
    }

    @GetMapping("/api/v1/test/forbidden")
    Mono<String> forbidden() {
        return Mono.error(new AccessDeniedException("admins only"));
    }

    @PostMapping("/api/v1/users")
    Mono<ResponseEntity<String>> register(ServerWebExchange exchange) {
        return exchange.getPrincipal().map(Principal::getName).defaultIfEmpty("anonymous")
                .map(who -> ResponseEntity.status(HttpStatus.CREATED).body(who));
    }
}
