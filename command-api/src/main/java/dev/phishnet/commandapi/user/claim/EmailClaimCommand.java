package dev.phishnet.commandapi.user.claim;

import dev.phishnet.commandapi.user.Email;
import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;

/** A request about one email address; the address is the aggregate key. */
public sealed interface EmailClaimCommand {

    Email email();

    UserId userId();

    record ClaimEmail(Email email, UserId userId, TenantId tenantId) implements EmailClaimCommand {}

    record ReleaseEmail(Email email, UserId userId) implements EmailClaimCommand {}
}
