package dev.phishnet.commandapi.analysis;

import java.util.Objects;

/**
 * One field of an analysed email that a lookup concerns.
 *
 * @param value the email's value in that field, normalized: the sender's address, the sender's domain, or the
 *     canonical URL (for {@link MatchedField#URL_DOMAIN} and {@link MatchedField#URL_HOST_IP}: the URL whose host was
 *     looked up)
 */
public record MatchCandidate(MatchedField field, String value) {

    public MatchCandidate {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
    }
}
