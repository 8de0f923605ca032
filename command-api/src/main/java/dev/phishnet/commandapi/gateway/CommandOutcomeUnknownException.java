package dev.phishnet.commandapi.gateway;

/**
 * The command was not published, or its outcome did not come back in time: it may still be decided later, so the
 * caller must not guess (the HTTP layer answers 503 with {@code Retry-After}).
 */
public class CommandOutcomeUnknownException extends RuntimeException {

    public CommandOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
