package dev.phishnet.cleanup.retention;

/** What retention purges, each named as the read model it empties and as a retention run's details name it. */
public enum RetentionCategory {

    /** Email analyses, aged from when they were requested. */
    ANALYSES("analyses"),
    /** Threat-intelligence indicators, aged from when they were last reported. */
    THREAT_INTELLIGENCE("threat_intelligence"),
    /** Ended sessions, aged from when they ended. */
    SESSIONS("sessions"),
    /** Audit log entries, aged from when they occurred, in whole UTC days. */
    AUDIT_LOGS("audit_logs");

    private final String key;

    RetentionCategory(String key) {
        this.key = key;
    }

    /** The name in {@code RecordRetentionRun}'s maps and so in the {@code retention.run} audit details. */
    public String key() {
        return key;
    }
}
