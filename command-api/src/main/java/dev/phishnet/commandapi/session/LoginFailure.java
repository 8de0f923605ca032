package dev.phishnet.commandapi.session;

/** Why a sign-in was refused, as recorded. */
public enum LoginFailure {
    BAD_CREDENTIALS(true),
    BAD_CODE(true),
    NO_ACTIVE_CODE(true),
    USER_INACTIVE(false),
    ADDRESS_NOT_ALLOWED(false),
    LOCKED(false);

    private final boolean counted;

    LoginFailure(boolean counted) {
        this.counted = counted;
    }

    /**
     * Whether the failure counts towards a lockout: only a wrong secret does. A correct password refused for another
     * reason (locked, inactive, address) is no guess, and counting attempts made while locked would extend the lock
     * forever.
     */
    public boolean counted() {
        return counted;
    }
}
