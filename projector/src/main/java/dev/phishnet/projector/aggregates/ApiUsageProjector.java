package dev.phishnet.projector.aggregates;

import dev.phishnet.projector.streams.MongoSink;
import dev.phishnet.schemas.audit.AuditEvent;
import dev.phishnet.schemas.envelope.Actor;
import dev.phishnet.schemas.envelope.ActorKind;
import dev.phishnet.schemas.envelope.EventEnvelope;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts each audited call a user made (accepted or rejected) on the UTC day it was decided, by action, and stages
 * this partition's counts of that day, as absolute values, in the sink. Calls of services, of the system and of
 * anonymous callers are no user's usage. An audit event has no version to recognise a second delivery by: exactly
 * once (the command processor writes audit events in transactions, this application reads and counts them in its
 * own) is what keeps every call counted once.
 */
final class ApiUsageProjector implements Processor<String, AuditEvent, Void, Void> {

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, UsageCounts> counts;
    private MongoSink sink;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.counts = context.getStateStore(AggregatesTopology.USAGE_COUNTS);
        this.sink = context.getStateStore(AggregatesTopology.API_USAGE_SINK);
    }

    @Override
    public void process(Record<String, AuditEvent> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        AuditEvent event = record.value();
        Actor actor = event != null ? event.getEnvelope().getActor() : null;
        if (event == null || actor.getKind() != ActorKind.USER || actor.getId() == null) {
            sink.advance(source);
            return;
        }
        EventEnvelope envelope = event.getEnvelope();
        DayKey day = new DayKey(envelope.getTenantId(), actor.getId(), DayKey.utcDay(envelope.getOccurredAt()));
        UsageCounts before = counts.get(day.id());
        UsageCounts after = (before != null ? before : UsageCounts.NONE).plus(event.getAction());
        counts.put(day.id(), after);
        sink.stage(day.id(), DayParts.upsert(day, source.partition(), source.offset(), after.toDocument()), source);
    }
}
