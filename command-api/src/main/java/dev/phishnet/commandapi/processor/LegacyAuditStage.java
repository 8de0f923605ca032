package dev.phishnet.commandapi.processor;

import java.util.HashMap;
import java.util.Map;

import dev.phishnet.commandapi.messages.Outcomes;
import dev.phishnet.commandapi.messages.RoutingKeys;
import dev.phishnet.commandapi.user.Rejection;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.audit.AuditOutcome;
import dev.phishnet.schemas.command.CommandEnvelope;
import dev.phishnet.schemas.command.ImportAuditEntry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports audit log entries of the legacy store ({@code legacy-audit:<id>}): writes each as an audit event that
 * happened when the legacy store recorded it, {@code legacy.<event_type>.<action>} on the user it names, and remembers
 * the entry id so that a re-run is refused as a duplicate. The import itself is audited and answered like any command.
 */
final class LegacyAuditStage implements Processor<String, CommandEnvelope, String, SpecificRecord> {

    static final String RESOURCE = "legacy-audit";
    static final String ACTION = "audit.import";
    /** A re-run: the importer counts it as a duplicate. */
    static final Rejection ALREADY_IMPORTED = Rejection.of(Rejection.Code.CONFLICT, "audit entry already imported");
    private static final Logger log = LoggerFactory.getLogger(LegacyAuditStage.class);

    private final AuditAndReply auditAndReply;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, String> imported;

    LegacyAuditStage(AuditAndReply auditAndReply) {
        this.auditAndReply = auditAndReply;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.imported = context.getStateStore(CommandProcessorTopology.LEGACY_AUDIT_STORE);
    }

    @Override
    public void process(Record<String, CommandEnvelope> record) {
        CommandEnvelope command = record.value();
        String entryId = command.getAggregateId();
        if (!(command.getPayload() instanceof ImportAuditEntry entry)
                || !record.key().equals(RoutingKeys.LEGACY_AUDIT_PREFIX + entryId)) {
            log.warn("Dropped command {} keyed {}: not an audit entry import of the key's entry",
                    command.getCommandId(), record.key());
            return;
        }
        Audited audited = new Audited(ACTION, RESOURCE, entryId, 0, Map.of("legacyId", entry.getLegacyId()));
        if (imported.get(entryId) != null) {
            auditAndReply.rejected(context, record, command, audited, ALREADY_IMPORTED);
            return;
        }
        imported.put(entryId, entry.getLegacyId());
        AuditEvent legacy = legacyEvent(command, entryId, entry);
        context.forward(new Record<>(legacy.getResourceId(), legacy, record.timestamp()),
                CommandProcessorTopology.AUDIT_EVENTS_SINK);
        auditAndReply.accepted(context, record, command,
                new Audited(ACTION, RESOURCE, entryId, 1, Map.of("legacyId", entry.getLegacyId())), Map.of());
    }

    /** The legacy entry as an audit event of its own time, on its user (or on itself when it names none). */
    static AuditEvent legacyEvent(CommandEnvelope command, String entryId, ImportAuditEntry entry) {
        Map<String, String> details = new HashMap<>();
        details.put("legacyId", entry.getLegacyId());
        putIfPresent(details, "description", entry.getDescription());
        putIfPresent(details, "ip", entry.getIpAddress());
        putIfPresent(details, "userAgent", entry.getUserAgent());
        putIfPresent(details, "metadata", entry.getMetadata());
        boolean onUser = entry.getUserId() != null;
        String resourceId = onUser ? entry.getUserId() : entryId;
        return new AuditEvent(Outcomes.envelope(command, Outcomes.derivedId(command, "legacy-audit"), resourceId, 0,
                entry.getTimestamp()), "legacy." + entry.getEventType() + "." + entry.getAction(),
                AuditOutcome.ACCEPTED, null, onUser ? Outcomes.USER_RESOURCE : RESOURCE, resourceId,
                command.getCommandId(), details);
    }

    private static void putIfPresent(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }
}
