package dev.phishnet.commandapi.session;

/** Why a session was revoked before its deadline. */
public enum RevocationReason {
    REVOKED,
    ALL_REVOKED,
    USER_DEACTIVATED,
    REFRESH_TOKEN_REUSED
}
