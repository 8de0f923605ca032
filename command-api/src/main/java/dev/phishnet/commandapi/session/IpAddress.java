package dev.phishnet.commandapi.session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A client address, IPv4 or IPv6, in one canonical spelling: dotted quad, or RFC 5952 (lower case, no leading
 * zeros, the longest run of zero groups as {@code ::}). An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is the
 * IPv4 address it maps, so that a dual-stack listener yields one address per host. Parsed by hand rather than by
 * {@code InetAddress}, which resolves host names: parsing must never touch the network.
 */
public record IpAddress(String value) {

    private static final int IPV4_BYTES = 4;
    private static final int IPV6_GROUPS = 8;

    public IpAddress {
        Objects.requireNonNull(value, "ip");
        value = format(parse(value.strip()));
    }

    public static IpAddress of(String value) {
        return new IpAddress(value);
    }

    /** The address's bytes: 4 for IPv4, 16 for IPv6. */
    public byte[] octets() {
        return parse(value);
    }

    @Override
    public String toString() {
        return value;
    }

    static byte[] parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("ip must not be blank");
        }
        byte[] bytes = text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        return unmapped(bytes);
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != IPV4_BYTES) {
            return null;
        }
        byte[] bytes = new byte[IPV4_BYTES];
        for (int i = 0; i < IPV4_BYTES; i++) {
            String part = parts[i];
            // No leading zeros: 010 is octal to some parsers and decimal to others.
            if (part.isEmpty() || part.length() > 3 || !digits(part) || (part.length() > 1 && part.charAt(0) == '0')) {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            bytes[i] = (byte) octet;
        }
        return bytes;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = groups(gap >= 0 ? text.substring(0, gap) : text);
        List<Integer> tail = gap >= 0 ? groups(text.substring(gap + 2)) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int present = head.size() + tail.size();
        if (gap >= 0 ? present > IPV6_GROUPS - 1 : present != IPV6_GROUPS) {
            return null;
        }
        List<Integer> all = new ArrayList<>(head);
        for (int i = present; i < IPV6_GROUPS; i++) {
            all.add(0);
        }
        all.addAll(tail);
        byte[] bytes = new byte[2 * IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            bytes[2 * i] = (byte) (all.get(i) >> 8);
            bytes[2 * i + 1] = (byte) (all.get(i) & 0xff);
        }
        return bytes;
    }

    /** The 16-bit groups of one side of {@code ::}; a trailing dotted quad counts as two. Null if malformed. */
    private static List<Integer> groups(String side) {
        List<Integer> groups = new ArrayList<>();
        if (side.isEmpty()) {
            return groups;
        }
        String[] parts = side.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                byte[] ipv4 = parseIpv4(part);
                if (ipv4 == null) {
                    return null;
                }
                groups.add(((ipv4[0] & 0xff) << 8) | (ipv4[1] & 0xff));
                groups.add(((ipv4[2] & 0xff) << 8) | (ipv4[3] & 0xff));
            } else if (part.isEmpty() || part.length() > 4 || !hex(part)) {
                return null;
            } else {
                groups.add(Integer.parseInt(part, 16));
            }
        }
        return groups;
    }

    private static byte[] unmapped(byte[] bytes) {
        if (bytes.length == 2 * IPV6_GROUPS && isIpv4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static String format(byte[] bytes) {
        if (bytes.length == IPV4_BYTES) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952: a single zero group is not shortened
        for (int i = 0; i < IPV6_GROUPS; ) {
            int j = i;
            while (j < IPV6_GROUPS && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean digits(String text) {
        return text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean hex(String text) {
        return text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }
}
