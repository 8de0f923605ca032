package dev.phishnet.projector.streams;

import dev.phishnet.projector.audit.AuditLogEntry;
import dev.phishnet.projector.retention.RetentionJob;
import dev.phishnet.schemas.audit.AuditEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Stages one insert per audit event; the event id as {@code _id} makes a second insert a harmless duplicate. A
 * recorded retention run also stages its audit-logs purge job, which the {@code RetentionPurger} carries out off the
 * stream thread: the job's write, not the deletes, is part of this projection.
 */
final class AuditProjector implements Processor<String, AuditEvent, Void, Void> {

    private ProcessorContext<Void, Void> context;
    private MongoSink sink;
    private MongoSink jobs;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.sink = context.getStateStore(ProjectorTopology.AUDIT_LOGS_SINK);
        this.jobs = context.getStateStore(ProjectorTopology.RETENTION_JOBS_SINK);
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
        // Only runs move the jobs' sink, so its checkpoint says how far runs were read, not every audit event.
        RetentionJob.auditLogsPurgeOf(record.value()).ifPresent(job -> jobs.stage(job.id(), job.upsert(), source));
    }
}
