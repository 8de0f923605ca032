package dev.phishnet.projector.session;

import dev.phishnet.schemas.session.RevocationReason;
import dev.phishnet.schemas.session.SessionDeadline;

/** Why a session ended, one name for each of the facts that end one. */
public enum EndReason {
    LOGGED_OUT,
    REVOKED,
    ALL_REVOKED,
    USER_DEACTIVATED,
    REFRESH_TOKEN_REUSED,
    EVICTED,
    EXPIRED_IDLE,
    EXPIRED_ABSOLUTE;

    /** Exhaustive on purpose: a reason added to the schema does not compile until it is named here. */
    static EndReason revoked(RevocationReason reason) {
        return switch (reason) {
            case REVOKED -> REVOKED;
            case ALL_REVOKED -> ALL_REVOKED;
            case USER_DEACTIVATED -> USER_DEACTIVATED;
            case REFRESH_TOKEN_REUSED -> REFRESH_TOKEN_REUSED;
        };
    }

    static EndReason expired(SessionDeadline deadline) {
        return switch (deadline) {
            case IDLE -> EXPIRED_IDLE;
            case ABSOLUTE -> EXPIRED_ABSOLUTE;
        };
    }
}
