package dev.phishnet.commandapi.client;

import org.jspecify.annotations.Nullable;

/**
 * The client a request came from, as the API saw it (the fields of the {@code session.Client} message).
 *
 * @param ip the peer's address: IPv4 dotted, IPv6 in its RFC 5952 short form, so that one address is one key;
 *     {@value #UNKNOWN} when the server does not know it
 * @param userAgent the User-Agent header as sent, cut to {@value #MAX_USER_AGENT} characters; null without one
 * @param os operating system family, e.g. {@code Windows NT}, {@code iOS}, {@code Android}; {@value #UNKNOWN} if none
 * @param browser browser (agent) family, e.g. {@code Chrome}, {@code Safari}, {@code Curl}; {@value #UNKNOWN} if none
 * @param deviceType the kind of device
 */
public record ClientFacts(String ip, @Nullable String userAgent, String os, String browser, DeviceType deviceType) {

    public static final int MAX_USER_AGENT = 512;

    public static final String UNKNOWN = "Unknown";

    /** A client of which nothing is known but its address. */
    static ClientFacts unknown(String ip) {
        return new ClientFacts(ip, null, UNKNOWN, UNKNOWN, DeviceType.UNKNOWN);
    }
}
