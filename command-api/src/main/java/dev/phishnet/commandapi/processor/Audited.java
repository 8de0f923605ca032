package dev.phishnet.commandapi.processor;

import java.util.Map;

import dev.phishnet.commandapi.messages.Outcomes;

/**
 * What the audit event of a decided command says besides the command itself: the action, the resource it concerns
 * (also the record key), the resource's version and action-specific details (never secrets nor their hashes).
 */
record Audited(String action, String resourceType, String resourceId, long version, Map<String, String> details) {

    Audited {
        details = Map.copyOf(details);
    }

    static Audited user(String action, String userId, long version) {
        return new Audited(action, Outcomes.USER_RESOURCE, userId, version, Map.of());
    }
}
