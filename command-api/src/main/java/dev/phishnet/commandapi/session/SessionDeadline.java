package dev.phishnet.commandapi.session;

/** Which deadline ended a session. */
public enum SessionDeadline {
    IDLE,
    ABSOLUTE
}
