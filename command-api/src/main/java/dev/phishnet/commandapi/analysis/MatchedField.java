package dev.phishnet.commandapi.analysis;

/** Which part of an analysed email a looked-up value came from. */
public enum MatchedField {
    /** The sender's address, looked up as an email indicator. */
    SENDER_ADDRESS,
    /** The sender's domain or one of its parents, looked up as a domain indicator. */
    SENDER_DOMAIN,
    /** A URL in canonical form, looked up as a URL indicator. */
    URL,
    /** A URL's host or one of its parents, looked up as a domain indicator. */
    URL_DOMAIN,
    /** A URL's host when it is an IP address, looked up as an IP indicator. */
    URL_HOST_IP
}
