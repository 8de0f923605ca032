package dev.phishnet.projector.streams;

import dev.phishnet.projector.threatintel.IndicatorDocuments;
import dev.phishnet.projector.threatintel.IndicatorView;
import dev.phishnet.schemas.threatintel.ThreatIntelEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Moves each indicator's view forward in the local store by its events and stages the view's upsert in the sink; a
 * purge deletes both. The store is what keeps a redelivered older report from moving the view back.
 */
final class IndicatorProjector implements Processor<String, ThreatIntelEvent, Void, Void> {

    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, IndicatorView> views;
    private MongoSink sink;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.views = context.getStateStore(ProjectorTopology.INDICATOR_VIEWS);
        this.sink = context.getStateStore(ProjectorTopology.THREAT_INTELLIGENCE_SINK);
    }

    @Override
    public void process(Record<String, ThreatIntelEvent> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        ThreatIntelEvent event = record.value();
        // A tombstone (the topic is compacted) says nothing of its own: IndicatorPurged is what deletes.
        if (event == null) {
            sink.advance(source);
            return;
        }
        String indicatorId = event.getEnvelope().getAggregateId();
        if (IndicatorView.purges(event)) {
            views.delete(indicatorId);
            sink.stage(indicatorId, IndicatorDocuments.delete(indicatorId), source);
            return;
        }
        IndicatorView current = views.get(indicatorId);
        IndicatorView next = IndicatorView.project(current, event);
        if (next == null) {
            sink.advance(source);
            return;
        }
        if (!next.equals(current)) {
            views.put(indicatorId, next);
        }
        // Staged even when the event changed nothing: the local store can be ahead of MongoDB after a crash (see
        // UserProjector), and the upsert only moves a document forward.
        sink.stage(indicatorId, IndicatorDocuments.upsert(next), source);
    }
}
