package dev.phishnet.commandapi.user.claim;

import static dev.phishnet.commandapi.user.Decision.accept;
import static dev.phishnet.commandapi.user.Decision.reject;
import static dev.phishnet.commandapi.user.Rejection.Code.CONFLICT;
import static dev.phishnet.commandapi.user.Rejection.Code.FORBIDDEN;

import dev.phishnet.commandapi.user.Decision;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.commandapi.user.claim.EmailClaimCommand.ClaimEmail;
import dev.phishnet.commandapi.user.claim.EmailClaimCommand.ReleaseEmail;
import dev.phishnet.commandapi.user.claim.EmailClaimEvent.EmailClaimed;
import dev.phishnet.commandapi.user.claim.EmailClaimEvent.EmailReleased;

/**
 * The rules of email claims. Claims are global, not per tenant, because login names only an email. Repeating a
 * command that already holds (a redelivered registration, a repeated release) is accepted with no events, so that
 * retries succeed without recording a second fact.
 */
public final class EmailClaimDecider {

    static final Rejection EMAIL_TAKEN = Rejection.of(CONFLICT, "email already registered", "email");
    static final Rejection NOT_HOLDER = Rejection.of(FORBIDDEN, "email is held by another user", "email");

    private EmailClaimDecider() {}

    public static Decision<EmailClaimEvent> decide(EmailClaim state, EmailClaimCommand command) {
        if (command instanceof ClaimEmail claim) {
            return claim(state, claim);
        }
        if (command instanceof ReleaseEmail release) {
            return release(state, release);
        }
        throw new IllegalArgumentException("no rule for " + command.getClass().getName());
    }

    public static EmailClaim evolve(EmailClaim state, EmailClaimEvent event) {
        if (event instanceof EmailClaimed claimed) {
            return state.claimed(claimed.userId(), claimed.tenantId());
        }
        if (event instanceof EmailReleased) {
            return state.released();
        }
        throw new IllegalArgumentException("no transition for " + event.getClass().getName());
    }

    private static Decision<EmailClaimEvent> claim(EmailClaim state, ClaimEmail command) {
        if (state.isFree()) {
            return accept(new EmailClaimed(command.userId(), command.tenantId()));
        }
        // The same user in another tenant is not a redelivery of the same registration.
        boolean sameRegistration = state.isHeldBy(command.userId()) && command.tenantId().equals(state.tenantId());
        return sameRegistration ? accept() : reject(EMAIL_TAKEN);
    }

    private static Decision<EmailClaimEvent> release(EmailClaim state, ReleaseEmail command) {
        if (state.isFree()) {
            return accept();
        }
        return state.isHeldBy(command.userId()) ? accept(new EmailReleased(command.userId())) : reject(NOT_HOLDER);
    }
}
