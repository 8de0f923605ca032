package dev.phishnet.commandapi.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Sign-in codes: each can be used for {@code validity}; {@code maxAttempts} wrong codes void the live ones; at most
 * {@code maxIssued} codes are issued within {@code issueWindow}.
 */
public record OneTimeCodePolicy(Duration validity, int maxAttempts, int maxIssued, Duration issueWindow) {

    public OneTimeCodePolicy {
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(issueWindow, "issueWindow");
        if (validity.isNegative() || validity.isZero() || issueWindow.isNegative() || issueWindow.isZero()) {
            throw new IllegalArgumentException("one-time code validity and issue window must be positive");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("one-time code max attempts must be at least 1");
        }
        if (maxIssued < 1 || maxIssued > UserSessions.CODES_KEPT) {
            throw new IllegalArgumentException("one-time code max issued must be 1.." + UserSessions.CODES_KEPT);
        }
    }
}
