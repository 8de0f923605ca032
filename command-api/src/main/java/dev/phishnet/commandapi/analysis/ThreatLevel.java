package dev.phishnet.commandapi.analysis;

/** How dangerous an email or an indicator is, in increasing order: a later constant is more dangerous. */
public enum ThreatLevel {
    SAFE,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL
}
