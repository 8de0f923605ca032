package dev.phishnet.commandapi.client;

/** The kind of device a request came from, as coarse as risk scoring and "new device" alerts need it. */
public enum DeviceType {
    DESKTOP("Desktop"),
    MOBILE("Mobile"),
    TABLET("Tablet"),
    /** Crawlers, scripts and tools (curl, HTTP libraries), and agents that only pretend to be one. */
    ROBOT("Robot"),
    UNKNOWN("Unknown");

    private final String label;

    DeviceType(String label) {
        this.label = label;
    }

    /** The name events carry: {@code Desktop}, {@code Mobile}, {@code Tablet}, {@code Robot} or {@code Unknown}. */
    public String label() {
        return label;
    }
}
