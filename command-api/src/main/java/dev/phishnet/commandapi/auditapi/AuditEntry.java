package dev.phishnet.commandapi.auditapi;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bson.Document;

/** One audited action as the API returns it, copied field by field from its {@code audit_logs} document. */
record AuditEntry(
        String id, String actorId, String actorKind, String ip, String userAgent, String action, String outcome,
        String reason, String resourceType, String resourceId, String commandId, String correlationId,
        Instant occurredAt, Map<String, Object> details) {

    static AuditEntry from(Document log) {
        Date occurredAt = log.getDate("occurredAt");
        Document details = log.get("details", Document.class);
        return new AuditEntry(
                log.getString("_id"), log.getString("actorId"), log.getString("actorKind"), log.getString("ip"),
                log.getString("userAgent"), log.getString("action"), log.getString("outcome"),
                log.getString("reason"), log.getString("resourceType"), log.getString("resourceId"),
                log.getString("commandId"), log.getString("correlationId"),
                occurredAt != null ? occurredAt.toInstant() : null,
                details != null ? new LinkedHashMap<>(details) : Map.of());
    }
}
