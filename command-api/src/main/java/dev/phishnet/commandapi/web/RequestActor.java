package dev.phishnet.commandapi.web;

import dev.phishnet.commandapi.security.Caller;
import dev.phishnet.commandapi.security.ClientAddress;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Who issues a command, as the audit trail records it: the caller (or an anonymous one) and where it came from. */
public final class RequestActor {

    private static final int MAX_USER_AGENT = 512;

    private RequestActor() {
    }

    public static Actor of(Caller caller, ServerHttpRequest request) {
        String userAgent = request.getHeaders().getFirst(HttpHeaders.USER_AGENT);
        return Actor.newBuilder()
                .setId(caller != null ? caller.userId() : null)
                .setKind(caller == null ? ActorKind.ANONYMOUS
                        : caller.isService() ? ActorKind.SERVICE : ActorKind.USER)
                .setIp(ClientAddress.of(request))
                .setUserAgent(userAgent != null && userAgent.length() > MAX_USER_AGENT
                        ? userAgent.substring(0, MAX_USER_AGENT) : userAgent)
                .build();
    }
}
