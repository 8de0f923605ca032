package dev.phishnet.commandapi.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Which forwarded headers to believe ({@code platform.http.trusted-proxies}, with
 * {@code server.forward-headers-strategy=framework}). Only a request whose peer is a trusted proxy may carry them;
 * anyone else's are dropped. Of a trusted request's {@code X-Forwarded-For} (or {@code Forwarded}) chain, the client
 * is the rightmost entry that is not itself a trusted proxy: each proxy appends the address it saw, so entries to the
 * left of that one are whatever the client chose to send, and a client cannot pick its own address (and with it the
 * rate-limit bucket, lockout counter and audit address it is charged to).
 */
public final class TrustedProxies {

    static final List<String> FORWARDED_HEADERS = List.of("Forwarded", "X-Forwarded-Host", "X-Forwarded-Port",
            "X-Forwarded-Proto", "X-Forwarded-Ssl", "X-Forwarded-Prefix", "X-Forwarded-For");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9a-fA-F:.]+)](?::\\d+)?");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Each entry an address or a CIDR range ({@code 10.0.0.0/8}, {@code fc00::/7}); anything else fails start-up. */
    public static TrustedProxies of(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (var entry : entries) {
            ranges.add(Range.parse(entry.trim()));
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    boolean trusts(@Nullable InetAddress address) {
        return address != null && ranges.stream().anyMatch(range -> range.contains(address));
    }

    /**
     * The request with only the forwarded headers it may carry: none when its peer is not a trusted proxy; otherwise
     * its {@code X-Forwarded-For} cut down to the client's entry and its {@code Forwarded} to the client's element.
     */
    ServerHttpRequest restrict(ServerHttpRequest request) {
        var headers = request.getHeaders();
        if (FORWARDED_HEADERS.stream().noneMatch(headers::containsHeader)) {
            return request;
        }
        var peer = request.getRemoteAddress();
        if (peer == null || !trusts(peer.getAddress())) {
            return request.mutate().headers(writable -> FORWARDED_HEADERS.forEach(writable::remove)).build();
        }
        return request.mutate().headers(writable -> {
            narrow(writable, "X-Forwarded-For", entry -> entry);
            narrow(writable, "Forwarded", TrustedProxies::forParameter);
        }).build();
    }

    private void narrow(HttpHeaders headers, String name, java.util.function.Function<String, String> address) {
        var values = headers.get(name);
        if (values == null || values.isEmpty()) {
            return;
        }
        List<String> entries = values.stream().flatMap(value -> Arrays.stream(value.split(","))).map(String::trim)
                .filter(entry -> !entry.isEmpty()).toList();
        if (entries.isEmpty()) {
            headers.remove(name);
            return;
        }
        String client = entries.get(0);
        for (int i = entries.size() - 1; i >= 0; i--) {
            var literal = literal(address.apply(entries.get(i)));
            if (literal == null || !trusts(literal)) {
                client = entries.get(i);
                break;
            }
        }
        headers.set(name, client);
    }

    /** The {@code for=} value of one {@code Forwarded} element, quotes removed; "" when it has none. */
    private static String forParameter(String element) {
        for (var pair : element.split(";")) {
            var trimmed = pair.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("for=")) {
                var value = trimmed.substring(4).trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return "";
    }

    /** The address an entry names, if it is an IP literal (never a DNS lookup); null for names and obfuscated ids. */
    static @Nullable InetAddress literal(String entry) {
        String text = entry.trim();
        var bracketed = BRACKETED_IPV6.matcher(text);
        var withPort = IPV4_WITH_PORT.matcher(text);
        if (bracketed.matches()) {
            text = bracketed.group(1);
        } else if (withPort.matches()) {
            text = withPort.group(1);
        }
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException | IllegalArgumentException notAnAddress) {
            return null;
        }
    }

    private record Range(byte[] network, int prefix) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            var address = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("platform.http.trusted-proxies: '" + entry
                        + "' is not an IP address or CIDR range");
            }
            int bits = address.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("platform.http.trusted-proxies: '" + entry
                        + "' has a prefix length that is not a number");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("platform.http.trusted-proxies: '" + entry
                        + "' has a prefix length outside 0.." + bits);
            }
            return new Range(address.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }
    }
}
