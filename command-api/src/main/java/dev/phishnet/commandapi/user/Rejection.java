package dev.phishnet.commandapi.user;

import java.util.Objects;

/**
 * Why a command was refused: a value, so that it can be replied, audited and tested like any outcome.
 *
 * @param field the request field at fault, or null when the command as a whole is refused
 */
public record Rejection(Code code, String message, String field) {

    /** Kinds of refusal, one per HTTP status the API answers with. */
    public enum Code {
        /** 404: the resource does not exist for this caller (including another tenant's resource). */
        NOT_FOUND,
        /** 409: the command contradicts the current state. */
        CONFLICT,
        /** 400: the command carries nothing valid to apply. */
        INVALID,
        /** 403: the caller may not do this to this resource. */
        FORBIDDEN,
        /**
         * 422: the request reuses an idempotency key that an earlier, different request holds. Not a decision of any
         * aggregate (no decider returns it): the command processor refuses such a repeat before any aggregate sees it.
         */
        UNPROCESSABLE
    }

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static Rejection of(Code code, String message) {
        return new Rejection(code, message, null);
    }

    public static Rejection of(Code code, String message, String field) {
        return new Rejection(code, message, field);
    }
}
