package dev.phishnet.projector.streams;

import dev.phishnet.projector.audit.AuditLogEntry;
import dev.phishnet.schemas.audit.AuditEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Stages one insert per audit event; the event id as {@code _id} makes a second insert a harmless duplicate. */
final class AuditProjector implements Processor<String, AuditEvent, Void, Void> {

    private ProcessorContext<Void, Void> context;
    private MongoSink sink;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.sink = context.getStateStore(ProjectorTopology.AUDIT_LOGS_SINK);
    }

    @Override
    public void process(Record<String, AuditEvent> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        if (record.value() == null) {
            sink.advance(source);
            return;
        }
        AuditLogEntry entry = AuditLogEntry.of(record.value());
        sink.stage(entry.eventId(), entry.insert(), source);
    }
}
