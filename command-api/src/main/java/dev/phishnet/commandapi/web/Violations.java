package dev.phishnet.commandapi.web;

import java.util.ArrayList;
import java.util.List;

/** Collects what is wrong with a request, so that one 400 names every bad field at once. */
public final class Violations {

    private final List<FieldProblem> problems = new ArrayList<>();

    public Violations check(boolean valid, String field, String message) {
        if (!valid) {
            problems.add(new FieldProblem(field, message));
        }
        return this;
    }

    /** Optional text: absent is fine, present must fit. */
    public Violations maxLength(String value, int max, String field) {
        return check(value == null || value.length() <= max, field, "must be at most " + max + " characters");
    }

    /** Required text: present, not blank, and fits. */
    public Violations required(String value, int max, String field) {
        if (value == null || value.isBlank()) {
            return check(false, field, "is required");
        }
        return maxLength(value, max, field);
    }

    /** Throws the 400 if anything was found. */
    public void orThrow() {
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
    }
}
