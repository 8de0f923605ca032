package dev.phishnet.commandapi.user.claim;

import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;

/** A fact about one email address; the address itself travels as the key and in the envelope. */
public sealed interface EmailClaimEvent {

    record EmailClaimed(UserId userId, TenantId tenantId) implements EmailClaimEvent {}

    record EmailReleased(UserId userId) implements EmailClaimEvent {}
}
