package dev.phishnet.localstack;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The local stack's DEVELOPMENT mailbox: where command-api's webhook sender delivers one-time sign-in codes
 * ({@code POST /mailbox}), and where the person trying the stack picks them up ({@code GET /mailbox?email=...}). It
 * stands in for the mail system a deployment hands codes to; unlike printing them, it keeps them in memory only, so
 * that no code reaches a log or a file (issue 8: secrets never at rest). The newest {@value #PER_ADDRESS} messages per
 * address are kept, for at most {@value #ADDRESSES} addresses (the least recently written goes first); a restart
 * empties it, as codes are valid for minutes.
 */
final class DevMailbox {

    static final int PER_ADDRESS = 10;
    static final int ADDRESSES = 10_000;

    /** One delivered code. */
    record Message(String code, Instant receivedAt, long validForSeconds) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("code", code);
            json.put("receivedAt", receivedAt.toString());
            json.put("validForSeconds", validForSeconds);
            return json;
        }
    }

    private final Map<String, Deque<Message>> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Message>> eldest) {
            return size() > ADDRESSES;
        }
    };

    synchronized void deliver(String email, Message message) {
        var messages = byAddress.computeIfAbsent(key(email), ignored -> new ArrayDeque<>());
        messages.addLast(message);
        while (messages.size() > PER_ADDRESS) {
            messages.removeFirst();
        }
    }

    /** Oldest first. */
    synchronized List<Message> messages(String email) {
        var messages = byAddress.get(key(email));
        return messages == null ? List.of() : new ArrayList<>(messages);
    }

    private static String key(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
