package dev.phishnet.commandapi.threatintel;

/**
 * A value that cannot be normalized into an indicator (or a value looked up as one). Names the request field at fault
 * once the caller says which it was ({@link #at(String)}), so that the API can answer a 400 naming it.
 */
public final class InvalidIndicatorException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public InvalidIndicatorException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The request field that held the value, e.g. {@code indicator}, {@code sender} or {@code urls[3]}. */
    public String field() {
        return field;
    }

    /** Why the value is not valid, e.g. "is not a valid domain name". */
    public String reason() {
        return reason;
    }

    /** The same problem, found in another field. */
    public InvalidIndicatorException at(String otherField) {
        return new InvalidIndicatorException(otherField, reason);
    }
}
