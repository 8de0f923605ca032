package dev.phishnet.commandapi.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * What a command wrote, as a client carries it to a later query in {@code X-Consistency-Token}: the aggregate kind,
 * its id and the version the command produced, as {@code base64url("<kind>:<id>:<version>")}. Opaque to clients.
 */
public record ConsistencyToken(String kind, String id, long version) {

    public static final String HEADER = "X-Consistency-Token";
    public static final String USERS = "users";
    /** The sessions of one user: the id is the user's, the version that of their sessions aggregate. */
    public static final String SESSIONS = "sessions";
    /** One email analysis: the id is the analysis id, the version that of its aggregate. */
    public static final String ANALYSES = "analyses";
    /** One threat-intelligence indicator: the id is the indicator id. */
    public static final String INDICATORS = "indicators";
    private static final Set<String> KINDS = Set.of(USERS, SESSIONS, ANALYSES, INDICATORS);

    public static ConsistencyToken users(String userId, long version) {
        return new ConsistencyToken(USERS, userId, version);
    }

    public static ConsistencyToken sessions(String userId, long version) {
        return new ConsistencyToken(SESSIONS, userId, version);
    }

    public static ConsistencyToken analyses(String analysisId, long version) {
        return new ConsistencyToken(ANALYSES, analysisId, version);
    }

    public static ConsistencyToken indicators(String indicatorId, long version) {
        return new ConsistencyToken(INDICATORS, indicatorId, version);
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + id + ":" + version).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a token sent back by a client; a token this API did not issue is a 400 naming the header. */
    public static ConsistencyToken parse(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8)
                    .split(":", -1);
            if (parts.length == 3 && KINDS.contains(parts[0]) && !parts[1].isEmpty()) {
                long version = Long.parseLong(parts[2]);
                if (version >= 0) {
                    return new ConsistencyToken(parts[0], parts[1], version);
                }
            }
        } catch (IllegalArgumentException malformed) {
            // NumberFormatException too: answered below as the same 400.
        }
        throw ApiProblem.invalid(HEADER, "not a consistency token issued by this API");
    }
}
