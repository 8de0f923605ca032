package dev.phishnet.commandapi.web;

/**
 * One thing wrong with a request.
 *
 * @param field the offending field as a JSON path ({@code email}, {@code roles[1]}), or {@code body} for the body as a
 *     whole
 * @param message what is wrong with it, for a person
 */
public record FieldProblem(String field, String message) {
}
