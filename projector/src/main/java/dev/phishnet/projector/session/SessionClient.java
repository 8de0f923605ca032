package dev.phishnet.projector.session;

import dev.phishnet.schemas.session.Client;
import org.jspecify.annotations.Nullable;

/**
 * The client a session was started from, as the API saw it.
 *
 * @param ip client IP address
 * @param userAgent the User-Agent header, if sent
 * @param os operating system family parsed from the user agent
 * @param browser browser family parsed from the user agent
 * @param deviceType Desktop, Mobile, Tablet, Robot or Unknown
 */
public record SessionClient(String ip, @Nullable String userAgent, String os, String browser, String deviceType) {

    static SessionClient of(Client client) {
        return new SessionClient(client.getIp(), client.getUserAgent(), client.getOs(), client.getBrowser(),
                client.getDeviceType());
    }
}
