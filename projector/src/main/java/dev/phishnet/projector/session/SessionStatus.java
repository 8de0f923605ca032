package dev.phishnet.projector.session;

/** Whether a session can still be used: ENDED is final. */
public enum SessionStatus {
    ACTIVE,
    ENDED
}
