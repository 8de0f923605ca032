package dev.phishnet.commandapi.analysis;

/** Where an analysis stands: pending until a result or a failure is recorded, both final. */
public enum AnalysisStatus {
    PENDING,
    COMPLETED,
    FAILED
}
