package dev.phishnet.commandapi.session;

import static dev.phishnet.commandapi.user.Rejection.Code.INVALID;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.phishnet.commandapi.user.Rejection;

/**
 * A user's own session rules. A null field means the platform default; in a change, it means unchanged. An empty
 * allow-list allows every address.
 *
 * @param maxSessions 1..100 concurrent sessions
 * @param idleTimeoutMinutes 1..10080 (a week)
 * @param absoluteTimeoutHours 1..720 (thirty days)
 * @param ipAllowList CIDR blocks (IPv4 or IPv6) sign-ins must come from
 * @param alertOnNewDevice record {@code NewDeviceLoginDetected} for a sign-in from a device never seen; on unless
 *     turned off
 */
public record SecuritySettings(Integer maxSessions, Integer idleTimeoutMinutes, Integer absoluteTimeoutHours,
        List<String> ipAllowList, Boolean alertOnNewDevice) {

    public static final SecuritySettings DEFAULTS = new SecuritySettings(null, null, null, null, null);

    static final int MAX_SESSIONS = 100;
    static final int MAX_IDLE_MINUTES = 10_080;
    static final int MAX_ABSOLUTE_HOURS = 720;
    /** Alerts are facts for downstream notifiers; recording one costs nothing, missing one can cost an account. */
    static final boolean DEFAULT_ALERT_ON_NEW_DEVICE = true;

    public SecuritySettings {
        ipAllowList = ipAllowList == null ? null : List.copyOf(ipAllowList);
    }

    /** This with the non-null fields of {@code changes} applied. */
    public SecuritySettings merge(SecuritySettings changes) {
        return new SecuritySettings(
                changes.maxSessions != null ? changes.maxSessions : maxSessions,
                changes.idleTimeoutMinutes != null ? changes.idleTimeoutMinutes : idleTimeoutMinutes,
                changes.absoluteTimeoutHours != null ? changes.absoluteTimeoutHours : absoluteTimeoutHours,
                changes.ipAllowList != null ? changes.ipAllowList : ipAllowList,
                changes.alertOnNewDevice != null ? changes.alertOnNewDevice : alertOnNewDevice);
    }

    /** The first field out of range, as an INVALID rejection naming it; empty if every field is valid. */
    public Optional<Rejection> invalidity() {
        if (outside(maxSessions, 1, MAX_SESSIONS)) {
            return invalid("maxSessions", "must be 1.." + MAX_SESSIONS);
        }
        if (outside(idleTimeoutMinutes, 1, MAX_IDLE_MINUTES)) {
            return invalid("idleTimeoutMinutes", "must be 1.." + MAX_IDLE_MINUTES);
        }
        if (outside(absoluteTimeoutHours, 1, MAX_ABSOLUTE_HOURS)) {
            return invalid("absoluteTimeoutHours", "must be 1.." + MAX_ABSOLUTE_HOURS);
        }
        if (ipAllowList != null) {
            for (String block : ipAllowList) {
                if (!Cidr.isValid(block)) {
                    return invalid("ipAllowList", "not a CIDR block: " + block);
                }
            }
        }
        return Optional.empty();
    }

    public int maxSessions(SessionPolicy policy) {
        return maxSessions != null ? maxSessions : policy.maxSessions();
    }

    public Duration idleTimeout(SessionPolicy policy) {
        return idleTimeoutMinutes != null ? Duration.ofMinutes(idleTimeoutMinutes) : policy.idleTimeout();
    }

    public Duration absoluteTimeout(SessionPolicy policy) {
        return absoluteTimeoutHours != null ? Duration.ofHours(absoluteTimeoutHours) : policy.absoluteTimeout();
    }

    public boolean alertsOnNewDevice() {
        return alertOnNewDevice != null ? alertOnNewDevice : DEFAULT_ALERT_ON_NEW_DEVICE;
    }

    /** Whether a sign-in may come from {@code address}: the allow-list is empty or one of its blocks holds it. */
    public boolean allows(IpAddress address) {
        if (ipAllowList == null || ipAllowList.isEmpty()) {
            return true;
        }
        // Blocks were validated when set; one that no longer parses allows nothing.
        return ipAllowList.stream().filter(Cidr::isValid).map(Cidr::parse).anyMatch(block -> block.contains(address));
    }

    private static boolean outside(Integer value, int min, int max) {
        return value != null && (value < min || value > max);
    }

    private static Optional<Rejection> invalid(String field, String message) {
        return Optional.of(Rejection.of(INVALID, field + " " + message, field));
    }
}
