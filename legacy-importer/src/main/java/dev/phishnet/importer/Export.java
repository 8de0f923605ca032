package dev.phishnet.importer;

/** The collections of the legacy export, one JSON Lines file each, in the order they are imported. */
enum Export {
    USERS("users.jsonl"),
    PERSISTENT_SESSIONS("persistent_sessions.jsonl"),
    EMAIL_ANALYSES("email_analyses.jsonl"),
    THREAT_INTELLIGENCE("threat_intelligence.jsonl"),
    AUDIT_LOGS("audit_logs.jsonl");

    private final String fileName;

    Export(String fileName) {
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }

    static Export ofFileName(String name) {
        for (Export export : values()) {
            if (export.fileName.equals(name)) {
                return export;
            }
        }
        throw new IllegalArgumentException("not a legacy export file: " + name);
    }
}
