package dev.phishnet.commandapi.security;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Where a request came from: the peer's address, as the audit trail records it and as the rate limits and lockouts
 * count it.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * The peer's address as written. Behind a trusted proxy ({@code server.forward-headers-strategy=framework}) it
     * comes from {@code X-Forwarded-For} as an unresolved literal, which has no {@code InetAddress}: it is taken as
     * written, never looked up. Without that setting the header is ignored: a client cannot choose its address.
     */
    public static @Nullable String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return null;
        }
        if (remote.getAddress() != null) {
            return remote.getAddress().getHostAddress();
        }
        // A forwarded IPv6 literal keeps the brackets of its header form ("[2001:db8::1]"): the address is inside.
        String written = remote.getHostString();
        return written.length() > 2 && written.startsWith("[") && written.endsWith("]")
                ? written.substring(1, written.length() - 1) : written;
    }
}
