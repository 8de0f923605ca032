package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.user.Decision.accept;
import static dev.phishnet.commandapi.user.Decision.reject;
import static dev.phishnet.commandapi.user.Rejection.Code.RATE_LIMITED;
import static dev.phishnet.commandapi.user.Rejection.Code.UNAUTHORIZED;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.session.SessionCommand.IssueOneTimeCode;
import dev.phishnet.commandapi.session.SessionEvent.OneTimeCodeIssued;
import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.User;

/** Issuing sign-in codes, at most {@code maxIssued} per {@code issueWindow}, so that nobody floods a user's inbox. */
final class OneTimeCodeRules {

    static final Rejection NO_ACTIVE_USER = Rejection.of(UNAUTHORIZED, "no active user to send a code to");
    static final Rejection TOO_MANY = Rejection.of(RATE_LIMITED, "too many codes issued; try again later");

    private OneTimeCodeRules() {}

    static Decision<SessionEvent> issue(UserSessions state, Optional<User> visible, IssueOneTimeCode command,
            Instant now, OneTimeCodePolicy policy) {
        if (visible.isEmpty() || !visible.get().active()) {
            return reject(NO_ACTIVE_USER);
        }
        Instant windowStart = now.minus(policy.issueWindow());
        List<Instant> recent = state.codes().stream().map(OneTimeCode::issuedAt)
                .filter(issuedAt -> issuedAt.isAfter(windowStart)).sorted().toList();
        if (recent.size() >= policy.maxIssued()) {
            // The window frees a slot when the oldest code in it leaves it.
            Instant nextSlot = recent.get(recent.size() - policy.maxIssued()).plus(policy.issueWindow());
            return reject(TOO_MANY.withRetryAfter(wholeSeconds(Duration.between(now, nextSlot))));
        }
        return accept(new OneTimeCodeIssued(command.codeHash(), now, now.plus(policy.validity()), command.client()));
    }

    private static Duration wholeSeconds(Duration duration) {
        long seconds = duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(0, seconds));
    }
}
