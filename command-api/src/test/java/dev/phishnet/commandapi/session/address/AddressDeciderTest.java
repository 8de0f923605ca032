package dev.phishnet.commandapi.session.address;

import static dev.phishnet.commandapi.session.SessionFixture.POLICY;
import static dev.phishnet.commandapi.session.SessionFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import dev.phishnet.commandapi.session.IpAddress;
import dev.phishnet.commandapi.session.address.AddressEvent.AddressLockedOut;
import dev.phishnet.commandapi.session.address.AddressEvent.FailureRecorded;
import dev.phishnet.commandapi.user.Decision;
import org.junit.jupiter.api.Test;

class AddressDeciderTest {

    static final IpAddress ADDRESS = IpAddress.of("198.51.100.23");
    static final RecordFailedLoginFromAddress FAILURE = new RecordFailedLoginFromAddress(ADDRESS, null);

    @Test
    void eachFailureIsRecordedAndTheFifthInsideTheWindowLocksTheAddress() {
        AddressFailures state = failures(4, T0.minusSeconds(30));

        Decision<AddressEvent> decision = AddressDecider.decide(state, FAILURE, T0, POLICY.lockout());

        assertThat(decision.events()).containsExactly(new FailureRecorded(T0),
                new AddressLockedOut(ADDRESS, T0.plusSeconds(60), 1, 5));
    }

    @Test
    void failuresWhileLockedAreNotCounted() {
        AddressFailures locked = evolve(failures(4, T0.minusSeconds(30)),
                AddressDecider.decide(failures(4, T0.minusSeconds(30)), FAILURE, T0, POLICY.lockout()));

        assertThat(AddressDecider.decide(locked, FAILURE, T0.plusSeconds(30), POLICY.lockout()).events()).isEmpty();
        assertThat(locked.version()).isEqualTo(6);
    }

    @Test
    void theNextLockIsTwiceAsLong() {
        AddressFailures state = failures(5, T0.minus(Duration.ofMinutes(5)));
        state = evolve(state, new AddressLockedOut(ADDRESS, T0.minus(Duration.ofMinutes(4)), 1, 5));
        for (int i = 0; i < 4; i++) {
            state = evolve(state, new FailureRecorded(T0.minusSeconds(10)));
        }

        assertThat(AddressDecider.decide(state, FAILURE, T0, POLICY.lockout()).events())
                .contains(new AddressLockedOut(ADDRESS, T0.plusSeconds(120), 2, 5));
    }

    private static AddressFailures failures(int count, Instant at) {
        AddressFailures state = AddressFailures.NONE;
        for (int i = 0; i < count; i++) {
            state = evolve(state, new FailureRecorded(at));
        }
        return state;
    }

    private static AddressFailures evolve(AddressFailures state, Decision<AddressEvent> decision) {
        for (AddressEvent event : decision.events()) {
            state = evolve(state, event);
        }
        return state;
    }

    private static AddressFailures evolve(AddressFailures state, AddressEvent event) {
        return AddressDecider.evolve(state, event);
    }
}
