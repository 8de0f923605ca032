package dev.phishnet.commandapi.session.address;

import java.util.Objects;

import dev.phishnet.commandapi.session.FailedAttempts;

/**
 * What the processor knows of one client address: its failed sign-ins and its lock, if any.
 *
 * @param version number of events applied, published or not
 */
public record AddressFailures(FailedAttempts attempts, long version) {

    public static final AddressFailures NONE = new AddressFailures(FailedAttempts.NONE, 0);

    public AddressFailures {
        Objects.requireNonNull(attempts, "attempts");
    }
}
