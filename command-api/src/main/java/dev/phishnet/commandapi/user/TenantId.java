package dev.phishnet.commandapi.user;

import java.util.Objects;

/** The tenant owning a resource; resources of other tenants do not exist for a caller. */
public record TenantId(String value) {

    public TenantId {
        Objects.requireNonNull(value, "tenantId");
        if (value.isBlank()) {
            throw new IllegalArgumentException("tenantId must not be blank");
        }
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
