package dev.phishnet.projector.user;

import java.util.List;

import dev.phishnet.schemas.session.SecuritySettings;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * A user's own session policy, as the {@code users} read model shows it under {@code security}. A null field means
 * the platform default, which the reader applies: the projector does not know the defaults.
 *
 * @param maxSessions at most this many concurrent sessions
 * @param idleTimeoutMinutes a session without a refresh for this long expires
 * @param absoluteTimeoutHours a session expires this long after it started
 * @param ipAllowList CIDR blocks logins must come from; null or empty allows every address
 * @param alertOnNewDevice whether a login from a new device raises an alert
 */
public record UserSecurity(
        @Nullable Integer maxSessions,
        @Nullable Integer idleTimeoutMinutes,
        @Nullable Integer absoluteTimeoutHours,
        @Nullable List<String> ipAllowList,
        @Nullable Boolean alertOnNewDevice) {

    public UserSecurity {
        ipAllowList = ipAllowList != null ? List.copyOf(ipAllowList) : null;
    }

    public static UserSecurity of(SecuritySettings settings) {
        return new UserSecurity(settings.getMaxSessions(), settings.getIdleTimeoutMinutes(),
                settings.getAbsoluteTimeoutHours(), settings.getIpAllowList(), settings.getAlertOnNewDevice());
    }

    public Document toDocument() {
        return new Document("maxSessions", maxSessions)
                .append("idleTimeoutMinutes", idleTimeoutMinutes)
                .append("absoluteTimeoutHours", absoluteTimeoutHours)
                .append("ipAllowList", ipAllowList)
                .append("alertOnNewDevice", alertOnNewDevice);
    }
}
