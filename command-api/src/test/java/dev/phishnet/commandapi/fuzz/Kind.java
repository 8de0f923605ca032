package dev.phishnet.commandapi.fuzz;

/** What a generated request gets wrong; the summary counts requests and answers per kind. */
enum Kind {
    /** Truncated, unbalanced, commented, single-quoted, NaN, trailing garbage, not an object. */
    MALFORMED_JSON,
    /** One field of a valid body given a value of a type it cannot have. */
    WRONG_TYPE,
    /** {@code {"$gt": ""}}, {@code {"$ne": null}}, {@code {"$where": "1"}} in a field, or as a top-level key. */
    NOSQL_BODY,
    /** Operators as query parameter values and in {@code name[$op]} parameter names. */
    NOSQL_QUERY,
    /** A body over the configured limit, with and without a Content-Length. */
    HUGE_BODY,
    /** JSON nested 10,000 levels deep, at the top and inside a field. */
    DEEP_NESTING,
    /** Bytes that are not UTF-8 in the body, the query and the path. */
    INVALID_UTF8,
    /** A missing, wrong, malformed or unknown-charset Content-Type. */
    CONTENT_TYPE,
    /** Huge, many, malformed, duplicate and conflicting headers; CR, LF and NUL in values. */
    HEADER_ABUSE,
    /** Missing, garbage, alg none, expired, another key's, HS256 with the public key, tampered, wrong issuer. */
    BAD_TOKEN,
    /** {@code ../}, {@code %2e%2e%2f}, encoded slashes and backslashes, NUL bytes and junk in path variables. */
    PATH_TRAVERSAL,
    /** Huge, negative, non-numeric, repeated limit/size/page/cursor/date parameters. */
    QUERY_PARAMETERS,
    /** Methods the path does not map, unknown methods, malformed request lines. */
    METHOD_AND_REQUEST_LINE
}
