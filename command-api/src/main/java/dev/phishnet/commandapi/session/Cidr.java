package dev.phishnet.commandapi.session;

import java.util.Objects;

/**
 * A block of addresses, {@code <address>/<prefix length>} (IPv4 or IPv6); a bare address is a block of one. Parsed
 * purely, like {@link IpAddress}.
 */
public record Cidr(IpAddress network, int prefixLength) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.octets().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits);
        }
    }

    /** @throws IllegalArgumentException if {@code text} is no CIDR block */
    public static Cidr parse(String text) {
        Objects.requireNonNull(text, "cidr");
        int slash = text.indexOf('/');
        if (slash < 0) {
            IpAddress address = IpAddress.of(text);
            return new Cidr(address, address.octets().length * 8);
        }
        String length = text.substring(slash + 1).strip();
        if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a prefix length: " + length);
        }
        return new Cidr(IpAddress.of(text.substring(0, slash)), Integer.parseInt(length));
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** Whether {@code address} lies in this block; an address of the other family never does. */
    public boolean contains(IpAddress address) {
        byte[] block = network.octets();
        byte[] candidate = address.octets();
        if (block.length != candidate.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (block[i] != candidate[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (block[full] & mask) == (candidate[full] & mask);
    }
}
