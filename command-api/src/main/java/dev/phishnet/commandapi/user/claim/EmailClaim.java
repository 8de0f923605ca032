package dev.phishnet.commandapi.user.claim;

import dev.phishnet.commandapi.user.TenantId;
import dev.phishnet.commandapi.user.UserId;

/**
 * Who holds an email address, if anyone. A released address keeps its state (holder null) rather than becoming
 * absent, so that its version keeps growing: a later claim must not reuse an aggregate version.
 *
 * @param holder the user holding the address, or null when it is free
 * @param tenantId the holder's tenant, or null when it is free
 * @param version number of events applied
 */
public record EmailClaim(UserId holder, TenantId tenantId, long version) {

    /** An address never claimed. */
    public static final EmailClaim FREE = new EmailClaim(null, null, 0);

    public boolean isFree() {
        return holder == null;
    }

    public boolean isHeldBy(UserId userId) {
        return userId.equals(holder);
    }

    EmailClaim claimed(UserId newHolder, TenantId newTenantId) {
        return new EmailClaim(newHolder, newTenantId, version + 1);
    }

    EmailClaim released() {
        return new EmailClaim(null, null, version + 1);
    }
}
