package dev.phishnet.commandapi.sessionapi;

import java.util.List;

import dev.phishnet.commandapi.web.Violations;

/** Bodies of the sessions API's commands, checked at the edge. */
final class SessionRequests {

    static final int MAX_ALLOW_LIST = 100;

    private SessionRequests() {
    }

    /** Null fields stay unchanged; an empty allow-list allows every address. */
    record ChangeSecurity(Integer maxSessions, Integer idleTimeoutMinutes, Integer absoluteTimeoutHours,
            List<String> ipAllowList, Boolean alertOnNewDevice) {

        void validate() {
            Violations violations = new Violations()
                    .check(maxSessions != null || idleTimeoutMinutes != null || absoluteTimeoutHours != null
                            || ipAllowList != null || alertOnNewDevice != null, "security", "nothing to update")
                    .check(maxSessions == null || (maxSessions >= 1 && maxSessions <= 100), "maxSessions",
                            "must be between 1 and 100")
                    .check(idleTimeoutMinutes == null || (idleTimeoutMinutes >= 1 && idleTimeoutMinutes <= 10_080),
                            "idleTimeoutMinutes", "must be between 1 and 10080 (a week)")
                    .check(absoluteTimeoutHours == null || (absoluteTimeoutHours >= 1 && absoluteTimeoutHours <= 720),
                            "absoluteTimeoutHours", "must be between 1 and 720 (30 days)")
                    .check(ipAllowList == null || ipAllowList.size() <= MAX_ALLOW_LIST, "ipAllowList",
                            "at most " + MAX_ALLOW_LIST + " blocks");
            if (ipAllowList != null) {
                for (int i = 0; i < ipAllowList.size() && i < MAX_ALLOW_LIST; i++) {
                    violations.required(ipAllowList.get(i), 64, "ipAllowList[" + i + "]");
                }
            }
            violations.orThrow();
        }
    }
}
