package dev.phishnet.commandapi.threatintel;

/**
 * A URL in the canonical form {@link IndicatorNormalizer#url(String)} gives it, with its host apart.
 *
 * @param value the whole canonical URL
 * @param host the host, normalized: a domain name in ASCII, or an IP address in canonical form (no brackets)
 * @param hostIsIp whether the host is an IP literal
 */
public record CanonicalUrl(String value, String host, boolean hostIsIp) {
}
