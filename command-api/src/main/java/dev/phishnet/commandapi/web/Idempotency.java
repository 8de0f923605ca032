package dev.phishnet.commandapi.web;

/**
 * The {@code Idempotency-Key} a command request came with, and the fingerprint of that request: the processor
 * answers a repeat of the key with the first outcome only if the fingerprints match.
 *
 * @param key the header's value, as sent
 * @param fingerprint see {@link RequestFingerprints}
 */
public record Idempotency(String key, String fingerprint) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_KEY_LENGTH = 255;

    /** The header's value if it is a valid key: 1 to 255 visible ASCII characters, sent once. */
    static String validKey(java.util.List<String> values) {
        if (values.size() != 1) {
            throw ApiProblem.invalid(HEADER, "send the header once");
        }
        String key = values.get(0);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ApiProblem.invalid(HEADER, "must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters (no spaces), such as a UUID");
        }
        return key;
    }
}
