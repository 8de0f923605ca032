package dev.phishnet.commandapi.threatintel;

/** What an indicator of compromise names. */
public enum IndicatorType {
    DOMAIN,
    URL,
    IP,
    EMAIL,
    SHA256
}
