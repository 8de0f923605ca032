package dev.phishnet.commandapi.session;

import java.util.Objects;

/**
 * The client a request came from, as the API saw it: its address and its user agent, already parsed into families.
 *
 * @param userAgent the User-Agent header as sent; null if none
 */
public record Client(IpAddress ip, String userAgent, String os, String browser, String deviceType) {

    public Client {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(browser, "browser");
        Objects.requireNonNull(deviceType, "deviceType");
    }

    /**
     * The device key {@code os|browser|deviceType}: coarse on purpose, so that a browser update is not a new device
     * while another browser or machine is.
     */
    public String device() {
        return os + "|" + browser + "|" + deviceType;
    }
}
