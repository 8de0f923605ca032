package dev.phishnet.importer;

import dev.phishnet.schemas.command.CommandOutcome;

/** How one record ended: imported, a duplicate of an earlier import (a re-run), skipped or rejected. */
record Outcome(Kind kind, String reason) {

    enum Kind { IMPORTED, DUPLICATE, SKIPPED, REJECTED }

    static Outcome imported() {
        return new Outcome(Kind.IMPORTED, null);
    }

    static Outcome rejected(String reason) {
        return new Outcome(Kind.REJECTED, reason);
    }

    static Outcome skipped(String reason) {
        return new Outcome(Kind.SKIPPED, reason);
    }

    /**
     * The processor's reply, classified: a CONFLICT saying the aggregate already exists (or the entry was already
     * imported) is a duplicate; any other refusal is a reject with the processor's code and message.
     */
    static Outcome of(CommandOutcome reply) {
        if (reply.getAccepted()) {
            return imported();
        }
        var rejection = reply.getRejection();
        String message = rejection == null ? "rejected" : rejection.getMessage();
        if (rejection != null && "CONFLICT".equals(rejection.getCode())
                && (message.endsWith("already exists") || message.endsWith("already imported"))) {
            return new Outcome(Kind.DUPLICATE, message);
        }
        String field = rejection != null && rejection.getField() != null ? " (" + rejection.getField() + ")" : "";
        return rejected((rejection == null ? "" : rejection.getCode() + ": ") + message + field);
    }
}
