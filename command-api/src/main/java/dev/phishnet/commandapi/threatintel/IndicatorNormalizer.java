package dev.phishnet.commandapi.threatintel;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.phishnet.commandapi.session.IpAddress;

/**
 * One spelling per indicator, shared by the API (what is reported) and the matching (what an email is looked up by),
 * so that an indicator and the email that carries it meet on one id. Pure: no DNS, no network.
 *
 * <ul>
 * <li>domain: trimmed, lower case, IDN labels in ASCII (punycode), trailing dots removed; letters, digits and inner
 * hyphens only, labels of 1 to 63 characters, at most 253 in all, at least two labels, not an IP address</li>
 * <li>email: trimmed, the local part lower-cased, the domain as above</li>
 * <li>ip: IPv4 dotted quad, IPv6 RFC 5952 (compressed, lower case); an IPv4-mapped IPv6 address is its IPv4</li>
 * <li>url: {@code scheme://[userinfo@]host[:port]/path[?query]}, scheme and host lower case (the host a domain as
 * above, a single label allowed, or an IP literal), trailing host dots removed, the scheme's default port dropped,
 * the fragment dropped, an empty path as {@code /}, an empty query dropped, percent-escapes in upper case with the
 * unreserved ones decoded, characters no URL may hold as such (spaces, non-ASCII) percent-encoded in UTF-8, and a
 * {@code %} that starts no escape as {@code %25}</li>
 * <li>sha256: 64 hexadecimal digits, lower case</li>
 * </ul>
 *
 * Every method throws {@link InvalidIndicatorException} naming the field {@code indicator}; callers that read another
 * field say which with {@link InvalidIndicatorException#at(String)}.
 */
public final class IndicatorNormalizer {

    private static final String FIELD = "indicator";
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_LABEL = 63;
    private static final int MAX_LOCAL_PART = 64;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("http", 80, "https", 443, "ws", 80, "wss", 443,
            "ftp", 21);
    private static final String URL_PUNCTUATION = "-._~:/?#[]@!$&'()*+,;=";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private IndicatorNormalizer() {}

    public static String normalize(IndicatorType type, String value) {
        return switch (type) {
            case DOMAIN -> domain(value);
            case URL -> url(value).value();
            case IP -> ip(value);
            case EMAIL -> email(value);
            case SHA256 -> sha256(value);
        };
    }

    public static String domain(String value) {
        String text = required(value);
        if (DIGITS_AND_DOTS.matcher(text).matches() || text.indexOf(':') >= 0) {
            throw invalid("is an IP address, not a domain name");
        }
        String domain = hostName(text);
        if (domain.indexOf('.') < 0) {
            throw invalid("is not a valid domain name: it needs at least two labels");
        }
        return domain;
    }

    public static String email(String value) {
        String text = required(value);
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw invalid("is not a valid email address");
        }
        String local = text.substring(0, at).toLowerCase(Locale.ROOT);
        if (local.length() > MAX_LOCAL_PART || local.chars().anyMatch(c -> c == '@' || Character.isWhitespace(c)
                || Character.isISOControl(c))) {
            throw invalid("is not a valid email address");
        }
        try {
            return local + "@" + domain(text.substring(at + 1));
        } catch (InvalidIndicatorException badDomain) {
            throw invalid("is not a valid email address: its domain " + badDomain.reason());
        }
    }

    public static String ip(String value) {
        String text = required(value);
        try {
            return IpAddress.of(text).value();
        } catch (IllegalArgumentException notAnAddress) {
            throw invalid("is not a valid IP address");
        }
    }

    public static String sha256(String value) {
        String text = required(value).toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(text).matches()) {
            throw invalid("is not a SHA-256 digest (64 hexadecimal digits)");
        }
        return text;
    }

    public static CanonicalUrl url(String value) {
        String text = required(value);
        int colon = text.indexOf(':');
        String scheme = colon > 0 ? text.substring(0, colon).toLowerCase(Locale.ROOT) : "";
        if (!SCHEME.matcher(scheme).matches() || !text.startsWith("//", colon + 1)) {
            throw invalid("is not an absolute URL (scheme://host/...)");
        }
        String rest = text.substring(colon + 3);
        int fragment = rest.indexOf('#');
        if (fragment >= 0) {
            rest = rest.substring(0, fragment);
        }
        int authorityEnd = indexOfAny(rest, "/?");
        String authority = rest.substring(0, authorityEnd);
        String pathAndQuery = rest.substring(authorityEnd);

        String userInfo = null;
        int atSign = authority.lastIndexOf('@');
        if (atSign >= 0) {
            userInfo = authority.substring(0, atSign);
            authority = authority.substring(atSign + 1);
        }
        String hostText;
        String portText = null;
        boolean bracketed = authority.startsWith("[");
        if (bracketed) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid("is not a valid URL: unclosed [ in its host");
            }
            hostText = authority.substring(1, close);
            String afterHost = authority.substring(close + 1);
            if (!afterHost.isEmpty()) {
                if (afterHost.charAt(0) != ':') {
                    throw invalid("is not a valid URL: unexpected text after its host");
                }
                portText = afterHost.substring(1);
            }
        } else {
            int portColon = authority.lastIndexOf(':');
            hostText = portColon >= 0 ? authority.substring(0, portColon) : authority;
            portText = portColon >= 0 ? authority.substring(portColon + 1) : null;
        }
        if (hostText.isEmpty()) {
            throw invalid("is not a valid URL: it has no host");
        }
        if (bracketed && hostText.indexOf(':') < 0) {
            throw invalid("is not a valid URL: only IPv6 addresses go in brackets");
        }
        boolean hostIsIp = bracketed || DIGITS_AND_DOTS.matcher(hostText).matches();
        String host;
        try {
            host = hostIsIp ? ip(hostText) : hostName(hostText);
        } catch (InvalidIndicatorException badHost) {
            throw invalid("is not a valid URL: its host " + badHost.reason());
        }

        int queryStart = pathAndQuery.indexOf('?');
        String path = queryStart >= 0 ? pathAndQuery.substring(0, queryStart) : pathAndQuery;
        String query = queryStart >= 0 ? pathAndQuery.substring(queryStart + 1) : "";
        StringBuilder canonical = new StringBuilder(text.length() + 8).append(scheme).append("://");
        if (userInfo != null) {
            canonical.append(escapes(userInfo)).append('@');
        }
        canonical.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(port(scheme, portText));
        canonical.append(path.isEmpty() ? "/" : escapes(path));
        if (!query.isEmpty()) {
            canonical.append('?').append(escapes(query));
        }
        return new CanonicalUrl(canonical.toString(), host, hostIsIp);
    }

    /** A host name: lower case, IDN in ASCII, trailing dots removed, LDH labels; one label is enough. */
    private static String hostName(String text) {
        String name;
        try {
            // Lower case first: IDN.toASCII leaves all-ASCII labels as they are. Trailing dots go before (it refuses
            // empty labels) and after (it turns ideographic full stops into dots).
            name = withoutTrailingDots(IDN.toASCII(withoutTrailingDots(text.toLowerCase(Locale.ROOT)),
                    IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notIdn) {
            throw invalid("is not a valid domain name");
        }
        if (name.isEmpty() || name.length() > MAX_DOMAIN) {
            throw invalid("is not a valid domain name");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            if (!validLabel(label)) {
                throw invalid("is not a valid domain name");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid("is not a valid domain name: its last label is numeric");
        }
        return name;
    }

    private static String withoutTrailingDots(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '.') {
            end--;
        }
        return name.substring(0, end);
    }

    private static boolean validLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        return label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    }

    private static String port(String scheme, String portText) {
        if (portText == null || portText.isEmpty()) {
            return "";
        }
        if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid("is not a valid URL: its port is not a number");
        }
        int port = Integer.parseInt(portText);
        if (port > 65_535) {
            throw invalid("is not a valid URL: its port is out of range");
        }
        return Integer.valueOf(port).equals(DEFAULT_PORTS.get(scheme)) ? "" : ":" + port;
    }

    /**
     * Percent-escapes in one spelling: hex digits upper case, unreserved characters decoded, characters that may not
     * appear as such encoded in UTF-8, a stray {@code %} as {@code %25}.
     */
    private static String escapes(String part) {
        StringBuilder out = new StringBuilder(part.length());
        int i = 0;
        while (i < part.length()) {
            char c = part.charAt(i);
            if (c == '%' && i + 2 < part.length() && hex(part.charAt(i + 1)) && hex(part.charAt(i + 2))) {
                int decoded = Integer.parseInt(part.substring(i + 1, i + 3), 16);
                if (unreserved(decoded)) {
                    out.append((char) decoded);
                } else {
                    appendEscape(out, decoded);
                }
                i += 3;
            } else if (c == '%') {
                out.append("%25");
                i++;
            } else if (c < 0x80 && (unreserved(c) || URL_PUNCTUATION.indexOf(c) >= 0)) {
                out.append(c);
                i++;
            } else {
                int codePoint = part.codePointAt(i);
                for (byte b : new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8)) {
                    appendEscape(out, b & 0xff);
                }
                i += Character.charCount(codePoint);
            }
        }
        return out.toString();
    }

    private static void appendEscape(StringBuilder out, int octet) {
        out.append('%').append(HEX[octet >> 4]).append(HEX[octet & 0xf]);
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static String required(String value) {
        if (value == null || value.isBlank()) {
            throw invalid("is required");
        }
        return value.strip();
    }

    private static InvalidIndicatorException invalid(String reason) {
        return new InvalidIndicatorException(FIELD, reason);
    }
}
