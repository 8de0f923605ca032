package dev.phishnet.commandapi.web;

import java.net.InetSocketAddress;

import dev.phishnet.commandapi.security.Caller;
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
                .setIp(ip(request.getRemoteAddress()))
                .setUserAgent(userAgent != null && userAgent.length() > MAX_USER_AGENT
                        ? userAgent.substring(0, MAX_USER_AGENT) : userAgent)
                .build();
    }

    /**
     * The peer's address as written. Behind a trusted proxy ({@code server.forward-headers-strategy=framework}) it
     * comes from {@code X-Forwarded-For} as an unresolved literal, which has no {@code InetAddress}: it is taken as
     * written, never looked up.
     */
    private static String ip(InetSocketAddress remote) {
        if (remote == null) {
            return null;
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
