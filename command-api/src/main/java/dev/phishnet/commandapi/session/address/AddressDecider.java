package dev.phishnet.commandapi.session.address;

import static dev.phishnet.commandapi.user.Decision.accept;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.session.Lockout;
import dev.phishnet.commandapi.session.address.AddressEvent.AddressLockedOut;
import dev.phishnet.commandapi.session.address.AddressEvent.FailureRecorded;
import dev.phishnet.commandapi.user.Decision;

/**
 * The rules of address lockouts, the same {@link Lockout} as a user's: failures from one address, whichever accounts
 * they named, lock the address. Recording a failure is never refused; failures while the address is locked do not
 * count (they would extend the lock forever). An address has no success to reset its lock level: its locks stay as
 * long as the level reached, up to the cap. The lock is enforced by the API, which follows the published lockouts.
 */
public final class AddressDecider {

    private AddressDecider() {}

    public static Decision<AddressEvent> decide(AddressFailures state, RecordFailedLoginFromAddress command,
            Instant now, Lockout lockout) {
        if (state.attempts().lockedAt(now)) {
            return accept();
        }
        int failures = lockout.recentFailures(state.attempts(), now) + 1;
        List<AddressEvent> events = new ArrayList<>();
        events.add(new FailureRecorded(now));
        Optional<Lockout.Lock> lock = lockout.lockAfter(state.attempts(), failures, now);
        lock.ifPresent(locked -> events.add(
                new AddressLockedOut(command.ip(), locked.until(), locked.level(), failures)));
        return accept(events);
    }

    public static AddressFailures evolve(AddressFailures state, AddressEvent event) {
        if (event instanceof FailureRecorded recorded) {
            return new AddressFailures(state.attempts().failed(recorded.at()), state.version() + 1);
        }
        if (event instanceof AddressLockedOut locked) {
            return new AddressFailures(state.attempts().locked(locked.lockedUntil(), locked.lockLevel()),
                    state.version() + 1);
        }
        throw new IllegalArgumentException("no transition for " + event.getClass().getName());
    }
}
