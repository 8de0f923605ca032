package dev.phishnet.commandapi.threatintel;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

import dev.phishnet.commandapi.user.TenantId;

/**
 * Identity of an indicator: a name-based UUID of its tenant, type and normalized value. Two reports of one indicator
 * meet on one key, and tenants never share one: another tenant's identical indicator is another id.
 */
public record IndicatorId(String value) {

    public IndicatorId {
        Objects.requireNonNull(value, "indicatorId");
        value = UUID.fromString(value).toString();
    }

    public static IndicatorId of(String value) {
        return new IndicatorId(value);
    }

    /** @param normalized the indicator as {@link IndicatorNormalizer} gives it */
    public static IndicatorId of(TenantId tenant, IndicatorType type, String normalized) {
        String name = "indicator|" + tenant.value() + "|" + type.name() + "|" + normalized;
        return new IndicatorId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
