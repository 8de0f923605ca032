package dev.phishnet.localstack.chaos;

import java.util.Set;

/**
 * A kind of request the load sends, with what the verifier expects of it: the status a client must get when the
 * outcome is known, and the domain event a success leaves. A request meant to be refused expects a 4xx and leaves no
 * domain event, but for the one refusal the domain records on purpose: a wrong password is a {@code LoginFailed} on
 * the user's session stream (it counts towards the account's lock; issue 5).
 *
 * @param expected {@code 2} for a success, {@code 4} for a refusal
 * @param event the event type a success leaves exactly once (null for refusals)
 * @param alsoAllowed other event types one request of this kind may leave besides {@code event}
 * @param command whether the request reaches the processor as a command at all (400s found by the API do not)
 */
record Kind(String name, int expected, String event, Set<String> alsoAllowed, boolean command) {

    static final Kind REGISTER = success("register", "UserRegistered");
    static final Kind REGISTER_TAKEN_EMAIL = new Kind("register-taken-email", 4, null, Set.of(), true);
    static final Kind REGISTER_INVALID = new Kind("register-invalid", 4, null, Set.of(), false);
    static final Kind UPDATE_PROFILE = success("update-profile", "UserProfileUpdated");
    static final Kind UPDATE_PROFILE_INVALID = new Kind("update-profile-invalid", 4, null, Set.of(), false);
    /** A sign-in may also be a new device's, and may evict the oldest of too many sessions. */
    static final Kind LOG_IN = new Kind("log-in", 2, "SessionStarted",
            Set.of("NewDeviceLoginDetected", "SessionEvicted"), true);
    static final Kind LOG_IN_WRONG_PASSWORD = new Kind("log-in-wrong-password", 4, null, Set.of("LoginFailed"), true);
    static final Kind REFRESH = success("refresh", "SessionRefreshed");
    static final Kind LOG_OUT = success("log-out", "SessionLoggedOut");
    /**
     * 202 is answered before the code is issued (the same answer for every address, at the same moment): a 202
     * promises nothing, so the verifier allows its {@code OneTimeCodeIssued} at most once. A code that was issued is
     * checked through the sign-in that uses it ({@link #LOG_IN_WITH_CODE}).
     */
    static final Kind REQUEST_CODE = success("request-code", "OneTimeCodeIssued");
    static final Kind LOG_IN_WITH_CODE = new Kind("log-in-with-code", 2, "SessionStarted",
            Set.of("NewDeviceLoginDetected", "SessionEvicted"), true);
    static final Kind REQUEST_ANALYSIS = success("request-analysis", "AnalysisRequested");
    static final Kind REQUEST_ANALYSIS_INVALID = new Kind("request-analysis-invalid", 4, null, Set.of(), false);
    static final Kind REPORT_INDICATOR = success("report-indicator", "IndicatorReported");

    private static Kind success(String name, String event) {
        return new Kind(name, 2, event, Set.of(), true);
    }

    boolean refusal() {
        return expected == 4;
    }

    @Override
    public String toString() {
        return name;
    }
}
