package dev.phishnet.importer;

/** A legacy record that cannot become a command; the message names the field and is the reject reason. */
final class BadRecordException extends RuntimeException {

    BadRecordException(String field, String problem) {
        super(field + " " + problem);
    }
}
