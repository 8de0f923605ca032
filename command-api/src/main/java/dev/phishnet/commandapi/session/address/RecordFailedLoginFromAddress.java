package dev.phishnet.commandapi.session.address;

import java.util.Objects;

import dev.phishnet.commandapi.session.IpAddress;
import dev.phishnet.commandapi.user.UserId;

/**
 * A sign-in from {@code ip} failed.
 *
 * @param userId the account the attempt named; null when it names none
 */
public record RecordFailedLoginFromAddress(IpAddress ip, UserId userId) {

    public RecordFailedLoginFromAddress {
        Objects.requireNonNull(ip, "ip");
    }
}
