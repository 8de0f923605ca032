package dev.phishnet.commandapi.session.address;

import java.time.Instant;

import dev.phishnet.commandapi.session.IpAddress;

/** A fact about one client address. */
public sealed interface AddressEvent {

    /**
     * A counted failure from the address. Kept in the processor's state only, not published: the failure itself is on
     * record already (the user's {@code LoginFailed}, or the audit event of a sign-in naming no account). So the
     * published {@link AddressLockedOut} versions skip the numbers these take.
     */
    record FailureRecorded(Instant at) implements AddressEvent {}

    record AddressLockedOut(IpAddress ip, Instant lockedUntil, int lockLevel, int failures) implements AddressEvent {}
}
