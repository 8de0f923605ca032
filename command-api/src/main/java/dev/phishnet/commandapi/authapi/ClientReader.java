package dev.phishnet.commandapi.authapi;

import dev.phishnet.schemas.session.Client;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** The client a request came from: its address and its parsed user agent. */
@FunctionalInterface
public interface ClientReader {

    Client read(ServerHttpRequest request);
}
