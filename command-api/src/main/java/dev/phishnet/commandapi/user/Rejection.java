package dev.phishnet.commandapi.user;

import java.time.Duration;
import java.util.Objects;

/**
 * Why a command was refused: a value, so that it can be replied, audited and tested like any outcome.
 *
 * @param field the request field at fault, or null when the command as a whole is refused
 * @param retryAfter when the refusal is temporary (a lockout), how long until a retry can succeed; null otherwise
 */
public record Rejection(Code code, String message, String field, Duration retryAfter) {

    /** Kinds of refusal; each is answered with one HTTP status, named on it. */
    public enum Code {
        /** 404: the resource does not exist for this caller (including another tenant's resource). */
        NOT_FOUND,
        /** 409: the command contradicts the current state. */
        CONFLICT,
        /** 409: the analysis already has its result or its failure; neither is recorded twice. */
        ALREADY_FINAL,
        /** 409: the indicator is already retired. */
        ALREADY_RETIRED,
        /** 400: the command carries nothing valid to apply. */
        INVALID,
        /** 403: the caller may not do this to this resource. */
        FORBIDDEN,
        /**
         * 422: the request reuses an idempotency key that an earlier, different request holds. Not a decision of any
         * aggregate (no decider returns it): the command processor refuses such a repeat before any aggregate sees it.
         */
        UNPROCESSABLE,
        /**
         * 401: a sign-in or a refresh is refused. One code for every such cause (unknown user, wrong password or code,
         * inactive user, address not allowed, ended session), so that a caller learns nothing about which.
         */
        UNAUTHORIZED,
        /** 401: a spent refresh token was presented again; the session it belonged to is revoked. */
        REFRESH_TOKEN_REUSED,
        /** 401: a sign-in named no account (recorded against the client's address only). */
        UNKNOWN_ACCOUNT,
        /** 429 with {@code Retry-After}: too many failed sign-ins; {@code retryAfter} says until when. */
        LOCKED,
        /**
         * Too many one-time codes asked for within the window: no code is issued. The API answers 202 as for an issued
         * code, so that the endpoint tells nobody whether or when a code went out.
         */
        RATE_LIMITED,
        /**
         * 409, normally never seen by a caller: the password was verified against a credential that has changed since.
         * The API verifies again against the current credential, then retries or answers 401.
         */
        STALE_CREDENTIAL
    }

    public Rejection {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative");
        }
    }

    public Rejection(Code code, String message, String field) {
        this(code, message, field, null);
    }

    public static Rejection of(Code code, String message) {
        return new Rejection(code, message, null);
    }

    public static Rejection of(Code code, String message, String field) {
        return new Rejection(code, message, field);
    }

    /** This rejection, temporary: a retry after {@code delay} can succeed. */
    public Rejection withRetryAfter(Duration delay) {
        return new Rejection(code, message, field, delay);
    }
}
