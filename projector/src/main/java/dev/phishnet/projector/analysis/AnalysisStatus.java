package dev.phishnet.projector.analysis;

import java.util.Locale;

/** Where an analysis stands: PENDING until a result (COMPLETED) or a failure (FAILED), both final. */
public enum AnalysisStatus {
    PENDING,
    COMPLETED,
    FAILED;

    /** As the read model and the API spell it: lower case. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
