package dev.phishnet.commandapi.web;

import dev.phishnet.commandapi.session.Cidr;
import dev.phishnet.commandapi.session.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
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

    private static final Pattern IPV4_WITH_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+");
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[([0-9a-fA-F:.]+)](?::\\d+)?");

    private final List<Cidr> ranges;

    private TrustedProxies(List<Cidr> ranges) {
        this.ranges = ranges;
    }

    /** Each entry an address or a CIDR range ({@code 10.0.0.0/8}, {@code fc00::/7}); anything else fails start-up. */
    public static TrustedProxies of(List<String> entries) {
        List<Cidr> ranges = new ArrayList<>();
        for (var entry : entries) {
            try {
                ranges.add(Cidr.parse(entry.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("platform.http.trusted-proxies: '" + entry
                        + "' is not an IP address or CIDR range (" + e.getMessage() + ")", e);
            }
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    private boolean trusts(@Nullable IpAddress address) {
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
        if (peer == null || peer.getAddress() == null || !trusts(literal(peer.getAddress().getHostAddress()))) {
            return request.mutate().headers(writable -> FORWARDED_HEADERS.forEach(writable::remove)).build();
        }
        return request.mutate().headers(writable -> {
            narrow(writable, "X-Forwarded-For", entry -> entry);
            narrow(writable, "Forwarded", TrustedProxies::forParameter);
        }).build();
    }

    private void narrow(HttpHeaders headers, String name, Function<String, String> address) {
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
    static @Nullable IpAddress literal(String entry) {
        String text = entry.trim();
        var bracketed = BRACKETED_IPV6.matcher(text);
        var withPort = IPV4_WITH_PORT.matcher(text);
        if (bracketed.matches()) {
            text = bracketed.group(1);
        } else if (withPort.matches()) {
            text = withPort.group(1);
        }
        try {
            return IpAddress.of(text);
        } catch (IllegalArgumentException notAnAddress) {
            return null;
        }
    }
}
